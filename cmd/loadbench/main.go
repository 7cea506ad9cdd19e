// Command loadbench measures the web application under load, as `make bench` runs it: the
// form page and the recalculation endpoint of selfeval, each under 64 concurrent connections,
// next to a bare Echo handler measured in the same run on the same machine. Each server runs
// as a process of its own, so its resident memory can be read from /proc while it works.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/form"
)

func main() {
	bare := flag.String("bare-server", "", "internal: serve a bare Echo handler on this address")
	bin := flag.String("bin", "bin/selfeval", "the selfeval binary to measure")
	conns := flag.Int("c", 64, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration of each measurement")
	flag.Parse()
	if *bare != "" {
		e := echo.New()
		e.HideBanner, e.HidePort = true, true
		e.GET("/", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
		fmt.Fprintln(os.Stderr, e.Start(*bare))
		os.Exit(1)
	}
	if err := run(*bin, *conns, *dur); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// result is one measurement.
type result struct {
	name      string
	requests  int
	errors    int
	rps       float64
	p50, p99  time.Duration
	maxRSSKiB int
}

func run(bin string, conns int, dur time.Duration) error {
	dir, err := os.MkdirTemp("", "selfeval-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	bareAddr, appAddr := freeAddr(), freeAddr()
	self, _ := os.Executable()
	bareCmd := exec.Command(self, "-bare-server", bareAddr)
	if err := bareCmd.Start(); err != nil {
		return err
	}
	defer bareCmd.Process.Kill()

	appCmd := exec.Command(bin, "serve", "--addr", appAddr, "--db", filepath.Join(dir, "selfeval.db"), "--demo")
	out, _ := appCmd.StdoutPipe()
	if err := appCmd.Start(); err != nil {
		return fmt.Errorf("start %s (run make build first): %w", bin, err)
	}
	defer appCmd.Process.Kill()
	password, err := staffPassword(out)
	if err != nil {
		return err
	}
	waitUp("http://" + bareAddr + "/")
	waitUp("http://" + appAddr + "/healthz")

	app := "http://" + appAddr
	session, err := signIn(app, "staff", password)
	if err != nil {
		return err
	}
	formURL, values, err := trainingForm(session, app)
	if err != nil {
		return err
	}
	values.Set(form.FundsPath("total", "executed"), "100000")
	body := values.Encode()
	// A keystroke as the page's script sends it: with the digest of the problems the page
	// shows, as the first answer gave it.
	digest, err := problemsDigest(session, app+formURL+"/recalc", body, values.Get("_csrf"))
	if err != nil {
		return err
	}
	keystroke := body + "&digest=" + digest

	fmt.Printf("machine: %d cores (%s/%s), %s; %d connections, %s each\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, cpuModel(), conns, dur)
	results := []result{
		measure("bare Echo handler (GET /)", bareCmd.Process.Pid, conns, dur, func(c *http.Client) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, "http://"+bareAddr+"/", nil)
		}, nil),
		measure("form page (GET /forms/{id})", appCmd.Process.Pid, conns, dur, func(*http.Client) (*http.Request, error) {
			return http.NewRequest(http.MethodGet, app+formURL, nil)
		}, session),
		measure("keystroke (POST /forms/{id}/recalc, JSON)", appCmd.Process.Pid, conns, dur, func(*http.Client) (*http.Request, error) {
			return recalcRequest(app+formURL+"/recalc", keystroke, values.Get("_csrf"), false)
		}, session),
		measure("recalc with the rows (POST /forms/{id}/recalc, htmx)", appCmd.Process.Pid, conns, dur, func(*http.Client) (*http.Request, error) {
			return recalcRequest(app+formURL+"/recalc", body, values.Get("_csrf"), true)
		}, session),
	}
	// The form page again while 16 connections try wrong passwords for the staff account as
	// fast as they are answered (throttled after a few, and bcrypt a few at a time).
	stop, tries := signInFlood(app, 16)
	results = append(results, measure("form page during a sign-in flood (16 connections)", appCmd.Process.Pid, conns, dur,
		func(*http.Client) (*http.Request, error) { return http.NewRequest(http.MethodGet, app+formURL, nil) }, session))
	byStatus := stop()
	fmt.Printf("sign-in flood: %d tries answered (%v by status)\n", tries(), byStatus)
	fmt.Printf("\n| endpoint | requests | errors | req/s | p50 | p99 | server RSS max |\n|---|---|---|---|---|---|---|\n")
	for _, r := range results {
		fmt.Printf("| %s | %d | %d | %.0f | %s | %s | %.1f MB |\n", r.name, r.requests, r.errors, r.rps,
			r.p50.Round(10*time.Microsecond), r.p99.Round(10*time.Microsecond), float64(r.maxRSSKiB)/1024)
	}
	bareRPS := results[0].rps
	for _, r := range results[1:] {
		fmt.Printf("%s: %.1f%% of the bare handler's rate, p99 %s\n", r.name, 100*r.rps/bareRPS, r.p99.Round(10*time.Microsecond))
	}
	for _, r := range results {
		if r.errors > 0 {
			return fmt.Errorf("%s: %d requests failed", r.name, r.errors)
		}
	}
	return nil
}

// recalcRequest is a recalculation of the form: the keystroke's JSON figures, or (htmx) the
// page's whole recalculation with the rows.
func recalcRequest(url, body, csrf string, htmx bool) (*http.Request, error) {
	r, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("X-CSRF-Token", csrf)
	if htmx {
		r.Header.Set("HX-Request", "true")
	} else {
		r.Header.Set("Accept", "application/json")
	}
	return r, nil
}

// problemsDigest is the digest of the problems a keystroke's answer names.
func problemsDigest(jar http.CookieJar, url, body, csrf string) (string, error) {
	req, err := recalcRequest(url, body, csrf, false)
	if err != nil {
		return "", err
	}
	resp, err := (&http.Client{Jar: jar}).Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var ans struct{ D string }
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || ans.D == "" {
		return "", fmt.Errorf("a keystroke's answer has no digest (%s): %v", resp.Status, err)
	}
	return ans.D, nil
}

// measure sends requests from conns goroutines for dur and samples the server's RSS.
func measure(name string, pid, conns int, dur time.Duration, mk func(*http.Client) (*http.Request, error), jar http.CookieJar) result {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Jar: jar, Timeout: 10 * time.Second}
	var (
		mu    sync.Mutex
		lat   []time.Duration
		fails int
		wg    sync.WaitGroup
	)
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	rss := make(chan int)
	go func() { rss <- sampleRSS(ctx, pid) }()
	start := time.Now()
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for ctx.Err() == nil {
				req, err := mk(client)
				if err != nil {
					bad++
					continue
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						err = errors.New(resp.Status)
					}
				}
				if err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			fails += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	r := result{name: name, requests: len(lat), errors: fails, rps: float64(len(lat)) / elapsed.Seconds(), maxRSSKiB: <-rss}
	if len(lat) > 0 {
		slices.Sort(lat)
		r.p50 = lat[len(lat)/2]
		r.p99 = lat[len(lat)*99/100]
	}
	return r
}

var rssLine = regexp.MustCompile(`VmRSS:\s+(\d+) kB`)

// sampleRSS reads the resident memory of pid every 50 ms until ctx ends and returns the largest.
func sampleRSS(ctx context.Context, pid int) int {
	peak := 0
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		if data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status"); err == nil {
			if m := rssLine.FindSubmatch(data); m != nil {
				kb, _ := strconv.Atoi(string(m[1]))
				peak = max(peak, kb)
			}
		}
		select {
		case <-ctx.Done():
			return peak
		case <-tick.C:
		}
	}
}

func freeAddr() string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitUp(u string) {
	for i := 0; i < 100; i++ {
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// staffPassword reads the demo staff password that serve prints once.
func staffPassword(out io.Reader) (string, error) {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 3 && f[0] == "staff" {
			go func() { _, _ = io.Copy(io.Discard, out) }()
			return f[2], nil
		}
	}
	return "", errors.New("serve printed no demo staff account (is the database empty?)")
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func signIn(app, user, pw string) (http.CookieJar, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(app + "/login")
	if err != nil {
		return nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		return nil, errors.New("no CSRF token on the login page")
	}
	resp, err = c.PostForm(app+"/login", url.Values{"_csrf": {string(m[1])}, "username": {user}, "password": {pw}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return jar, nil
}

// signInFlood starts n connections that post wrong passwords for "staff" until stop is
// called; stop returns the answers by status, tries how many have been answered.
func signInFlood(app string, n int) (stop func() map[int]int, tries func() int) {
	var (
		mu       sync.Mutex
		byStatus = map[int]int{}
		wg       sync.WaitGroup
		done     = make(chan struct{})
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := c.Get(app + "/login")
			if err != nil {
				return
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			m := csrfInput.FindSubmatch(page)
			if m == nil {
				return
			}
			for k := 0; ; k++ {
				select {
				case <-done:
					return
				default:
				}
				resp, err := c.PostForm(app+"/login", url.Values{"_csrf": {string(m[1])}, "username": {"staff"},
					"password": {"wrong-password-" + strconv.Itoa(k)}})
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				byStatus[resp.StatusCode]++
				mu.Unlock()
			}
		}()
	}
	tries = func() int {
		mu.Lock()
		defer mu.Unlock()
		t := 0
		for _, v := range byStatus {
			t += v
		}
		return t
	}
	stop = func() map[int]int {
		close(done)
		wg.Wait()
		return byStatus
	}
	return stop, tries
}

var groupsInput = regexp.MustCompile(`name="groups" value="([^"]+)"`)

var trainingLink = regexp.MustCompile(`href="(/forms/\d+)">培训费<`)

// trainingForm finds the form 培训费 and returns its URL and its fields as the page posts them.
func trainingForm(jar http.CookieJar, app string) (string, url.Values, error) {
	c := &http.Client{Jar: jar}
	resp, err := c.Get(app + "/forms")
	if err != nil {
		return "", nil, err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := trainingLink.FindSubmatch(page)
	tok := csrfInput.FindSubmatch(page)
	if m == nil || tok == nil {
		return "", nil, errors.New("培训费 not in the list (not signed in?)")
	}
	resp, err = c.Get(app + string(m[1]) + ".json")
	if err != nil {
		return "", nil, err
	}
	defer resp.Body.Close()
	var doc struct {
		form.Form
		Version int `json:"version"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		return "", nil, err
	}
	v := url.Values{"_csrf": {string(tok[1])}, "version": {strconv.Itoa(doc.Version)}}
	for _, fv := range form.Fields(&doc.Form) {
		v.Set(fv.Path, fv.Value)
	}
	// The grouping signature the page sends with every keystroke: without it each
	// recalculation would redraw the indicator block as after a regrouping.
	resp, err = c.Get(app + string(m[1]))
	if err != nil {
		return "", nil, err
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	g := groupsInput.FindSubmatch(page)
	if g == nil {
		return "", nil, errors.New("the form page has no grouping signature")
	}
	v.Set("groups", string(g[1]))
	return string(m[1]), v, nil
}

func cpuModel() string {
	data, _ := os.ReadFile("/proc/cpuinfo")
	for _, line := range strings.Split(string(data), "\n") {
		if name, ok := strings.CutPrefix(line, "model name\t: "); ok {
			return name
		}
	}
	return "unknown CPU"
}
