//go:build !js

package loadbench

import (
	"fmt"
	"strings"

	"enrollassign/graph/emulator"
	"enrollassign/graph/emulator/stats"
)

// The edit the saves repeat: the Sales limit's assignment to Sales Laptops
// goes to "Exclude Pilot Users" and back, as in browser scenario 1.
const salesConfiguration = "Sales - three devices"

type edit struct {
	from, kind, typed, group, to string
}

var edits = []edit{
	{"Include group Sales Laptops", "exclusionGroupAssignmentTarget", "Pilot", emulator.GroupPilotUsers, "Exclude group Pilot Users"},
	{"Exclude group Pilot Users", "groupAssignmentTarget", "Sales L", emulator.GroupSalesLaptops, "Include group Sales Laptops"},
}

// saveTiming is one save against raw fetches of what it sent, each in ms
// with the emulator's own service time taken off.
type saveTiming struct {
	save float64
	// fetch is a raw fetch of the save's PATCH alone; fetchAll of every
	// request the save sent, in turn (the re-read, then the PATCH).
	fetch, fetchAll float64
	// requests are the page's requests during the save, for the breakdown.
	requests []timedRequest
}

// timedRequest is one resource timing entry, relative to the click.
type timedRequest struct {
	Name     string  `json:"name"`
	Start    float64 `json:"start"`
	Duration float64 `json:"duration"`
}

// timeSaves signs in as the demo administrator and times n saves, each
// followed, once the list is reloaded, by raw fetches from the same page of
// the PATCH it sent, and of every request it sent.
func timeSaves(br *browser, appURL string, emu *emulator.Emulator, n int) ([]saveTiming, error) {
	if err := emu.Reset(); err != nil { // the seeded tenant: every run edits the same assignment
		return nil, err
	}
	if err := signIn(br, appURL, emu); err != nil {
		return nil, err
	}
	if err := clickText(br, "button.open-configuration", salesConfiguration); err != nil {
		return nil, err
	}
	if err := br.waitFor("the assignments", `document.querySelector('button.edit-assignment')`); err != nil {
		return nil, err
	}
	token, err := emu.AccessToken(emulator.AdminUPN, emulator.DemoClientID)
	if err != nil {
		return nil, err
	}
	var timings []saveTiming
	for i := range n {
		e := edits[i%len(edits)]
		if err := prepareEdit(br, e); err != nil {
			return nil, fmt.Errorf("save %d: %w", i+1, err)
		}
		t, sent, err := timeSave(br, emu)
		if err != nil {
			return nil, fmt.Errorf("save %d: %w", i+1, err)
		}
		if err := br.waitFor("the refreshed list", `[...document.querySelectorAll('td.target')].some(td => td.innerText === `+jsString(e.to)+`)`); err != nil {
			return nil, err
		}
		if t.fetch, err = timeRawFetches(br, emu, sent[len(sent)-1:], token); err != nil {
			return nil, fmt.Errorf("raw fetch %d: %w", i+1, err)
		}
		if t.fetchAll, err = timeRawFetches(br, emu, sent, token); err != nil {
			return nil, fmt.Errorf("raw fetches %d: %w", i+1, err)
		}
		timings = append(timings, t)
	}
	return timings, nil
}

func signIn(br *browser, appURL string, emu *emulator.Emulator) error {
	if err := br.waitFor("the sign-in button", `document.querySelector('#app[data-rendered="client"] #sign-in')`); err != nil {
		return err
	}
	if _, err := eval[bool](br, `(document.querySelector('#sign-in').click(), true)`); err != nil {
		return err
	}
	if err := br.waitFor("the emulator's sign-in page", "location.origin === "+jsString(emu.EntraURL())); err != nil {
		return err
	}
	if err := clickText(br, "button", emulator.AdminUPN); err != nil {
		return err
	}
	return br.waitFor("the configurations", `location.origin === `+jsString(appURL)+` && document.querySelector('button.open-configuration')`)
}

// clickText clicks the first element matching selector whose text is text,
// once it exists.
func clickText(br *browser, selector, text string) error {
	find := `[...document.querySelectorAll(` + jsString(selector) + `)].find(e => e.innerText.trim() === ` + jsString(text) + `)`
	if err := br.waitFor(text, find); err != nil {
		return err
	}
	_, err := eval[bool](br, `(`+find+`.click(), true)`)
	return err
}

// prepareEdit opens the editor on an assignment, picks the new group and
// asks for the preview, leaving Save one click away.
func prepareEdit(br *browser, e edit) error {
	change := `document.querySelector('button.edit-assignment[aria-label="Change target: ` + e.from + `"]')`
	// The list is drawn before the group names arrive: until then the
	// button names the group by its ID.
	if err := br.waitFor("the row of "+e.from, change); err != nil {
		return err
	}
	steps := []struct{ what, js, until string }{
		{"the editor", change + `.click()`, `document.querySelector('#kind-` + e.kind + `')`},
		{"the group picker", `document.querySelector('#kind-` + e.kind + `').click()`, `document.querySelector('#group-picker')`},
		{"the matches", `(i => { i.value = ` + jsString(e.typed) + `; i.dispatchEvent(new Event('input', {bubbles: true})); })(document.querySelector('#group-picker'))`,
			`[...document.querySelectorAll('button.group-option')].some(b => b.innerText.trim() === ` + jsString(e.group) + `)`},
		{"the chosen group", `[...document.querySelectorAll('button.group-option')].find(b => b.innerText.trim() === ` + jsString(e.group) + `).click()`,
			`(document.querySelector('.picker .chosen') || {innerText: ''}).innerText.includes(` + jsString(e.group) + `)`},
		{"the preview", `document.querySelector('#preview-request').click()`, `document.querySelector('#save-assignment')`},
	}
	for _, s := range steps {
		if _, err := eval[bool](br, `(`+s.js+`, true)`); err != nil {
			return fmt.Errorf("%s: %w", s.what, err)
		}
		if err := br.waitFor(s.what, s.until); err != nil {
			return err
		}
	}
	return nil
}

// saveScript clicks Save and resolves, once the result (or an error) is on
// the page, with the milliseconds in between as the page measures them, and
// the requests the page made meanwhile.
const saveScript = `new Promise((resolve) => {
  const done = () => document.querySelector('.result .fact-status') || document.querySelector('.editor .error-box');
  const observer = new MutationObserver(() => {
    if (!done()) return;
    observer.disconnect();
    const ms = performance.now() - start;
    const requests = performance.getEntriesByType('resource').filter(e => e.startTime >= start)
      .map(e => ({name: e.name, start: e.startTime - start, duration: e.duration}));
    resolve({ms, requests});
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  const start = performance.now();
  document.querySelector('#save-assignment').click();
})`

// timeSave clicks Save and returns its time minus the emulator's service
// time, and the requests it sent, the PATCH last.
func timeSave(br *browser, emu *emulator.Emulator) (saveTiming, []sentRequest, error) {
	before := len(emu.Requests())
	res, err := eval[struct {
		MS       float64        `json:"ms"`
		Requests []timedRequest `json:"requests"`
	}](br, saveScript)
	if err != nil {
		return saveTiming{}, nil, err
	}
	if status, _ := eval[string](br, `(document.querySelector('.result .fact-status') || {innerText: ''}).innerText`); status != "200" {
		text, _ := eval[string](br, `document.querySelector('main').innerText.slice(0, 400)`)
		return saveTiming{}, nil, fmt.Errorf("the save did not succeed: %s", text)
	}
	during, sent, err := saveRequests(emu.Requests()[before:])
	if err != nil {
		return saveTiming{}, nil, err
	}
	return saveTiming{save: res.MS - serviceMS(during), requests: res.Requests}, sent, nil
}

// sentRequest is a request the save sent, to send again raw.
type sentRequest struct{ method, path, body string }

// saveRequests are the save's own requests: those to the configuration up
// to its PATCH. What follows is the list reload, which starts once the
// result is drawn; the preview's directory reads for its impact panel may
// still be going on beside them, and are not the save's.
func saveRequests(entries []stats.Entry) ([]stats.Entry, []sentRequest, error) {
	var own []stats.Entry
	for _, e := range entries {
		if !strings.Contains(e.Path, "/deviceEnrollmentConfigurations/") {
			continue
		}
		own = append(own, e)
		if e.Method != "PATCH" {
			continue
		}
		var sent []sentRequest
		for _, s := range own {
			path := s.Path
			if s.Query != "" {
				path += "?" + s.Query
			}
			sent = append(sent, sentRequest{method: s.Method, path: path, body: s.Body})
		}
		return own, sent, nil
	}
	return nil, nil, fmt.Errorf("no PATCH reached the emulator")
}

// timeRawFetches sends the same requests with fetch from the page, one
// after the other: the floor of what a save can cost in this browser.
func timeRawFetches(br *browser, emu *emulator.Emulator, reqs []sentRequest, token string) (float64, error) {
	var sends []string
	for _, r := range reqs {
		init := `{method: ` + jsString(r.method) + `, headers: {'Authorization': 'Bearer ' + ` + jsString(token)
		if r.body != "" {
			init += `, 'Content-Type': 'application/json'}, body: ` + jsString(r.body) + `}`
		} else {
			init += `}}`
		}
		sends = append(sends, `await send(`+jsString(emu.GraphURL()+r.path)+`, `+init+`);`)
	}
	before := len(emu.Requests())
	js := `(async () => {
  const send = async (url, init) => {
    const response = await fetch(url, init);
    await response.text();
    if (!response.ok) throw new Error(init.method + ' ' + url + ': HTTP ' + response.status);
  };
  const start = performance.now();
  ` + strings.Join(sends, "\n  ") + `
  return performance.now() - start;
})()`
	total, err := eval[float64](br, js)
	if err != nil {
		return 0, err
	}
	return total - serviceMS(emu.Requests()[before:]), nil
}

// serviceMS is the emulator's own time answering these requests.
func serviceMS(entries []stats.Entry) float64 {
	var micros int64
	for _, e := range entries {
		micros += e.ServiceMicros
	}
	return float64(micros) / 1000
}
