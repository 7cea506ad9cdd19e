package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"selfeval/internal/app"
	"selfeval/internal/scoring"
)

// BenchmarkBrowserKeystroke is the time, in headless Chromium, from a keystroke in 全年执行数
// of 培训费 to the new total on screen: 50 keystrokes (a 0 typed, then taken back), idle and
// while a load generator sends 1,000 recalculations a second to the same server. It reports
// the p50 and p95 in milliseconds, and the load the server carried.
func BenchmarkBrowserKeystroke(b *testing.B) {
	for _, rate := range []int{0, 1000} {
		b.Run("load="+strconv.Itoa(rate), func(b *testing.B) {
			e := newEnv(b)
			ctx := browser(b)
			signIn(b, ctx, e.TS.URL, "staff", e.Passwords["staff"])
			c, id, doc := openForm(b, e, "staff", training)
			totals := totalsFor(b, e, id, "10000", "100000")
			err := chromedp.Do(ctx,
				chromedp.Navigate(e.TS.URL+formPath(id, "")),
				chromedp.WaitVisible(chromedp.CSS(`#form-editor`)),
			)
			if err == nil {
				_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](keystrokeProbe))
			}
			if err == nil {
				_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.querySelector('input[name="funds.total.executed"]'); el.focus(); el.select(); return true; })()`))
			}
			if err == nil {
				err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`input[name="funds.total.executed"]`), "10000"))
			}
			if err != nil {
				b.Fatal(err)
			}
			waitText(b, ctx, "total-score", totals[0])
			var served atomic.Int64
			if rate > 0 {
				stop := recalcLoad(c, formPath(id, "/recalc"), editorValues(doc), rate, &served)
				defer stop()
			}
			var lat []float64
			start := time.Now()
			for b.Loop() {
				lat = lat[:0]
				for i := range 50 {
					key, want := "0", totals[1]
					if i%2 == 1 {
						key, want = kb.Backspace, totals[0]
					}
					lat = append(lat, keystroke(b, ctx, key, want))
				}
			}
			slices.Sort(lat)
			b.ReportMetric(lat[len(lat)/2], "p50-ms")
			b.ReportMetric(lat[len(lat)*95/100], "p95-ms")
			b.ReportMetric(float64(served.Load())/time.Since(start).Seconds(), "load-req/s")
		})
	}
}

// keystrokeProbe notes the time of each keystroke and the time the total first shows the
// text awaited (window.__want).
const keystrokeProbe = `(() => {
	document.addEventListener('keydown', () => { window.__key = performance.now(); window.__shown = 0; }, true);
	new MutationObserver(() => {
		const el = document.getElementById('total-score');
		if (el && !window.__shown && el.textContent.trim() === window.__want) window.__shown = performance.now();
	}).observe(document.body, {subtree: true, childList: true, characterData: true});
	return true; })()`

// keystroke presses key in the focused field and returns the milliseconds until the total
// shows want.
func keystroke(b *testing.B, ctx context.Context, key, want string) float64 {
	b.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__want = `+jsString(want)+`; true`)); err != nil {
		b.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(key)); err != nil {
		b.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.__shown > 0`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		b.Fatalf("the total never showed %s: %v", want, err)
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__shown - window.__key`))
	if err != nil {
		b.Fatal(err)
	}
	return ms
}

// totalsFor is the total of the form for each amount spent, as the rules compute it.
func totalsFor(b *testing.B, e *env, id int64, executed ...string) []string {
	b.Helper()
	rec := e.formRecord(b, id)
	var out []string
	for _, x := range executed {
		f := rec.Form
		f.Funds.Total.Executed = x
		r := scoring.Score(&f, app.ProfileOf(rec.Profile))
		out = append(out, r.Total.Fixed(2))
	}
	return out
}

// recalcLoad sends rate keystroke recalculations a second (at most 64 at once) as the page
// does, counting those answered 200, until the returned stop is called.
func recalcLoad(c *client, path string, vals url.Values, rate int, served *atomic.Int64) func() {
	body, token := vals.Encode(), c.token()
	send := func() {
		req, err := http.NewRequest(http.MethodPost, c.e.TS.URL+path, strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		req.Header.Set("X-CSRF-Token", token)
		resp, err := c.hc.Do(req)
		if err != nil {
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			served.Add(1)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	slots := make(chan struct{}, 64)
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		begin, sent := time.Now(), 0
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			// As many as are due by now: a late tick sends the ones it missed.
			for ; sent < int(time.Since(begin).Seconds()*float64(rate)); sent++ {
				select {
				case slots <- struct{}{}:
				default:
					continue // 64 in flight: the server is behind, and the count shows it
				}
				wg.Add(1)
				go func() { defer func() { <-slots; wg.Done() }(); send() }()
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
