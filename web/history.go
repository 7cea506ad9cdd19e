package web

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"selfeval/internal/store"
	"selfeval/views"
)

// historyJSON is /forms/{id}/history.json.
type historyJSON struct {
	ID          int64             `json:"id"`
	Changes     []historyChange   `json:"changes"`
	Transitions []historyTransion `json:"transitions"`
}

type historyChange struct {
	Version int       `json:"version"`
	Field   string    `json:"field"`
	Old     string    `json:"old"`
	New     string    `json:"new"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

type historyTransion struct {
	Version int       `json:"version"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Comment string    `json:"comment"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// history is /forms/{id}/history (a timeline) and /forms/{id}/history.json (the same as data):
// every saved change field by field and every transition with its comment.
func (s *Server) history(c echo.Context) error {
	l, err := s.loadForm(c)
	if err != nil {
		return err
	}
	id, rec, ctx := l.id, l.rec, c.Request().Context()
	entries, err := s.store.History(ctx, id)
	if err != nil {
		return err
	}
	transitions, err := s.store.Transitions(ctx, id)
	if err != nil {
		return err
	}
	if strings.HasSuffix(c.Path(), ".json") {
		out := historyJSON{ID: id, Changes: []historyChange{}, Transitions: []historyTransion{}}
		for _, e := range entries {
			if e.Field != store.FieldStatus {
				out.Changes = append(out.Changes, historyChange{e.Version, e.Field, e.Old, e.New, e.Username, e.At})
			}
		}
		for _, t := range transitions {
			out.Transitions = append(out.Transitions, historyTransion{t.Version, t.From, t.To, t.Comment, t.Username, t.At})
		}
		return c.JSONPretty(http.StatusOK, out, "  ")
	}
	page := views.HistoryPage{Page: s.page(c), ID: id, Project: rec.Form.Project}
	page.Nav = s.nav(c, l.p)
	for _, e := range entries {
		if e.Field == store.FieldStatus { // shown as its transition, with the comment
			continue
		}
		page.Events = append(page.Events, views.HistoryEvent{At: stamp(e.At), By: e.Username, Version: e.Version, Field: e.Field, Label: fieldLabel(page.Page, e.Field), Old: e.Old, New: e.New})
	}
	for _, t := range transitions {
		page.Events = append(page.Events, views.HistoryEvent{At: stamp(t.At), By: t.Username, Version: t.Version, Transition: true,
			FromLabel: page.T("status." + t.From), ToLabel: page.T("status." + t.To), Comment: t.Comment})
	}
	sort.SliceStable(page.Events, func(i, j int) bool { return page.Events[i].Version > page.Events[j].Version })
	return render(c, http.StatusOK, views.HistoryView(page))
}
