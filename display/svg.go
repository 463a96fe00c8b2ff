package display

import (
	"fmt"
	"html"
	"strings"
)

const (
	defaultWidth = 900
	maxLanes     = 40   // more lanes are collapsed into one
	maxTitled    = 1200 // rectangles with their own tooltip
	mixedShare   = 0.25 // a pixel column this mixed is drawn in two halves
	gcName       = "GC" // name of the GC band
	gcColor      = "#c3c7cc"
	stwColor     = "#4a4f55"
)

// run is a stretch of pixel columns of one lane with the same dominant state.
type run struct {
	x0, x1 int // columns [x0, x1)
	state  int
	second int    // a state taking at least mixedShare of the columns too (lower half), or -1
	span   int    // index of the only span drawn by the run, or -1
	mix    string // for runs of several spans: the share of each state
}

// grid accumulates the time of a lane per pixel column and state.
type grid struct {
	cols, states int
	acc          []float64 // cols*states, in columns
	first, last  []int32   // per cols*states: first and last span index touching it
}

func newGrid(cols, states int) *grid {
	g := &grid{cols: cols, states: states, acc: make([]float64, cols*states),
		first: make([]int32, cols*states), last: make([]int32, cols*states)}
	g.reset()
	return g
}

func (g *grid) reset() {
	clear(g.acc)
	for i := range g.first {
		g.first[i], g.last[i] = -1, -1
	}
}

// add spreads [a, b) (in columns) of state k, from span i, over the columns it covers.
func (g *grid) add(a, b float64, k int, i int32) {
	a, b = max(a, 0), min(b, float64(g.cols))
	if b <= a {
		if a >= float64(g.cols) || b < 0 {
			return
		}
		b = a + 1e-9 // instants still touch a column
	}
	for c := int(a); c < g.cols && float64(c) < b; c++ {
		o := min(b, float64(c+1)) - max(a, float64(c))
		j := c*g.states + k
		g.acc[j] += o
		if g.first[j] < 0 {
			g.first[j] = i
		}
		g.last[j] = i
	}
}

// runs merges columns into runs of their dominant state.
func (g *grid) runs() []run {
	var out []run
	for c := 0; c < g.cols; c++ {
		best, second := -1, -1
		var bv, sv, total float64
		for k := 0; k < g.states; k++ {
			v := g.acc[c*g.states+k]
			total += v
			switch {
			case v > bv:
				second, sv = best, bv
				best, bv = k, v
			case v > sv:
				second, sv = k, v
			}
		}
		if best < 0 {
			continue
		}
		if second >= 0 && sv < mixedShare*total {
			second = -1
		}
		j := c*g.states + best
		if n := len(out); n > 0 && out[n-1].x1 == c && out[n-1].state == best && out[n-1].second == second {
			r := &out[n-1]
			if r.span >= 0 && (g.first[j] != int32(r.span) || g.last[j] != int32(r.span)) {
				r.span = -1
			}
			r.x1 = c + 1
			continue
		}
		sp := -1
		if g.first[j] == g.last[j] && second < 0 {
			sp = int(g.first[j])
		}
		out = append(out, run{x0: c, x1: c + 1, state: best, second: second, span: sp})
	}
	return out
}

// mix describes the share of each state over columns [x0, x1).
func (g *grid) mix(x0, x1 int, names []stateStyle) string {
	sum := make([]float64, g.states)
	var total float64
	for c := x0; c < x1; c++ {
		for k := 0; k < g.states; k++ {
			sum[k] += g.acc[c*g.states+k]
			total += g.acc[c*g.states+k]
		}
	}
	var parts []string
	for k, v := range sum {
		if v > 0 && total > 0 {
			parts = append(parts, fmt.Sprintf("%s %.0f%%", names[k].name, 100*v/total))
		}
	}
	return strings.Join(parts, ", ")
}

func esc(s string) string { return html.EscapeString(s) }

// renderLocked draws the timeline as SVG, width px wide.
func (tl *Timeline) renderLocked(width int) string {
	end := max(tl.endLocked(), 1)
	const pad = 12
	labelW := 60.0
	for _, l := range tl.lanes {
		labelW = max(labelW, textWidth(l.name, 12)+14)
	}
	if len(tl.lanes) > maxLanes {
		labelW = max(labelW, textWidth(fmt.Sprintf("+%d more", len(tl.lanes)), 12)+14)
	}
	labelW = min(labelW, 200)
	x0 := pad + labelW
	cols := max(100, width-int(x0)-pad-22) // room for the last tick label
	scale := float64(cols) / float64(end)  // columns per ns

	lanes := tl.lanes
	collapsed := 0
	if len(lanes) > maxLanes {
		collapsed = len(lanes) - (maxLanes - 1)
		lanes = lanes[:maxLanes-1]
	}
	rowH, barH := 22.0, 16.0
	if len(lanes) > 16 {
		rowH, barH = 15, 11
	}
	y := 34.0 // below the title
	var b strings.Builder
	body := &strings.Builder{}
	used := make([]bool, len(tl.states))
	g := newGrid(cols, max(1, len(tl.states)))

	// Collect the runs of every row first so tooltips can be rationed.
	type row struct {
		name    string
		y       float64
		runs    []run
		lane    *Lane
		tooltip string
	}
	var rows []row
	gcY := -1.0
	if len(tl.gc) > 0 {
		gcY = y
		y += 12
	}
	laneRuns := func(spans []span, gg *grid, base int32) {
		for i, s := range spans {
			e := s.end
			if e < 0 {
				e = end
			}
			gg.add(float64(s.start)*scale, float64(e)*scale, int(s.state), base+int32(i))
		}
	}
	for _, l := range lanes {
		g.reset()
		laneRuns(l.spans, g, 0)
		r := g.runs()
		for i, x := range r {
			used[x.state] = true
			if x.second >= 0 {
				used[x.second] = true
			}
			if x.span < 0 {
				r[i].mix = g.mix(x.x0, x.x1, tl.states) // now, while the grid holds this lane
			}
		}
		tip := laneMix(g, r, tl.states)
		if l.info != "" {
			tip = l.info + "\n" + tip
		}
		rows = append(rows, row{name: l.name, y: y, runs: r, lane: l, tooltip: tip})
		y += rowH
	}
	if collapsed > 0 {
		g.reset()
		for _, l := range tl.lanes[maxLanes-1:] {
			laneRuns(l.spans, g, -1<<30)
		}
		r := g.runs()
		for i := range r {
			r[i].span = -1
			used[r[i].state] = true
			if r[i].second >= 0 {
				used[r[i].second] = true
			}
			r[i].mix = g.mix(r[i].x0, r[i].x1, tl.states)
		}
		rows = append(rows, row{name: fmt.Sprintf("+%d more", collapsed), y: y, runs: r,
			tooltip: fmt.Sprintf("%d goroutines drawn together: %s", collapsed, laneMix(g, r, tl.states))})
		y += rowH
	}
	chartBottom := y

	// Ration tooltips: only runs at least minW columns wide get their own.
	minW := 1
	for {
		n := 0
		for _, r := range rows {
			for _, x := range r.runs {
				if x.x1-x.x0 >= minW {
					n++
				}
			}
		}
		if n <= maxTitled {
			break
		}
		minW++
	}

	// Grid lines and axis.
	step := tickStep(end, 8)
	for t := int64(0); t <= end; t += step {
		x := x0 + float64(t)*scale
		fmt.Fprintf(body, `<line x1="%.1f" y1="30" x2="%.1f" y2="%.1f" class="g"/>`, x, x, chartBottom)
		fmt.Fprintf(body, `<text x="%.1f" y="%.1f" class="t" text-anchor="middle">%s</text>`, x, chartBottom+14, fmtTick(t, step))
	}
	fmt.Fprintf(body, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="a"/>`, x0, chartBottom, x0+float64(cols), chartBottom)

	// GC band.
	if gcY >= 0 {
		fmt.Fprintf(body, `<text x="%.1f" y="%.1f" class="l" font-size="10">%s</text>`, x0-6, gcY+8, gcName)
		var mark, stw strings.Builder
		var markTotal, stwTotal int64
		var pauses int
		for _, s := range tl.gc {
			a, e := float64(s.start)*scale, float64(max(s.end, s.start))*scale
			d, total := &mark, &markTotal
			if s.state == 1 {
				d, total = &stw, &stwTotal
				pauses++
			}
			fmt.Fprintf(d, "M%.1f %.1fh%.2f", x0+a, gcY+4, max(e-a, 0.8))
			*total += max(s.end, s.start) - s.start
		}
		if mark.Len() > 0 {
			fmt.Fprintf(body, `<path d="%s" stroke="%s" stroke-width="8" fill="none"><title>GC mark phase: %s in total (goroutines keep running, GC uses up to 25%% of the CPU)</title></path>`,
				mark.String(), gcColor, fmtDuration(markTotal))
		}
		if stw.Len() > 0 {
			fmt.Fprintf(body, `<path d="%s" stroke="%s" stroke-width="8" fill="none"><title>GC stop-the-world pauses: %d, %s in total (no goroutine runs)</title></path>`,
				stw.String(), stwColor, pauses, fmtDuration(stwTotal))
		}
	}

	// Lanes.
	for _, r := range rows {
		fmt.Fprintf(body, `<text x="%.1f" y="%.1f" class="l">%s<title>%s</title></text>`,
			x0-6, r.y+barH/2+4, esc(clip(r.name, labelW-10)), esc(r.name+"\n"+r.tooltip))
		// Narrow runs go into one path per state and part (0 whole bar, 1 upper half,
		// 2 lower half of a mixed column), drawn as thick strokes.
		// After the first segment, moves are relative ("m3 0h1"), which halves the size.
		paths := make([]strings.Builder, 3*len(tl.states))
		ends := make([]int, 3*len(tl.states))
		stroke := func(k, part, x, w int) {
			i := 3*k + part
			if paths[i].Len() == 0 {
				y, _ := barPart(r.y, barH, part)
				fmt.Fprintf(&paths[i], "M%.0f %.1fh%d", x0+float64(x), y, w)
			} else {
				fmt.Fprintf(&paths[i], "m%d 0h%d", x-ends[i], w)
			}
			ends[i] = x + w
		}
		for _, x := range r.runs {
			w := x.x1 - x.x0
			if w < minW {
				if x.second < 0 {
					stroke(x.state, 0, x.x0, w)
				} else {
					stroke(x.state, 1, x.x0, w)
					stroke(x.second, 2, x.x0, w)
				}
				continue
			}
			st := tl.states[x.state]
			tip := esc(r.name + " · " + tl.runTooltip(r.lane, x, scale))
			if x.second < 0 {
				fmt.Fprintf(body, `<rect x="%.0f" y="%.1f" width="%d" height="%.0f" fill="%s"><title>%s</title></rect>`,
					x0+float64(x.x0), r.y, w, barH, st.color, tip)
			} else {
				fmt.Fprintf(body, `<g><title>%s</title><rect x="%.0f" y="%.1f" width="%d" height="%.1f" fill="%s"/><rect x="%.0f" y="%.1f" width="%d" height="%.1f" fill="%s"/></g>`,
					tip, x0+float64(x.x0), r.y, w, barH/2, st.color, x0+float64(x.x0), r.y+barH/2, w, barH/2, tl.states[x.second].color)
			}
			if !tl.traced && x.span >= 0 {
				label := st.name
				if float64(w) >= textWidth(label, 11)+6 {
					fmt.Fprintf(body, `<text x="%.1f" y="%.1f" class="s" style="fill:%s">%s</text>`,
						x0+float64(x.x0)+float64(w)/2, r.y+barH/2+4, st.text, esc(label))
				}
			}
		}
		for i := range paths {
			if paths[i].Len() == 0 {
				continue
			}
			k, part := i/3, i%3
			_, h := barPart(r.y, barH, part)
			what := "short " + tl.states[k].name + " stretches"
			if part > 0 {
				what = "mixed stretches, partly " + tl.states[k].name
			}
			fmt.Fprintf(body, `<path d="%s" stroke="%s" stroke-width="%.1f" fill="none"><title>%s</title></path>`,
				paths[i].String(), tl.states[k].color, h, esc(r.name+" · "+what))
		}
		if r.lane != nil {
			tl.drawMarks(body, r.lane, x0, r.y, barH, scale)
		}
	}

	// Legend, summary, notes.
	ly := chartBottom + 34
	lx := float64(pad)
	for k, st := range tl.states {
		if !used[k] {
			continue
		}
		w := textWidth(st.name, 12) + 26
		if lx+w > float64(width-pad) {
			lx, ly = pad, ly+18
		}
		fmt.Fprintf(body, `<rect x="%.1f" y="%.1f" width="12" height="12" rx="2" fill="%s"/><text x="%.1f" y="%.1f" class="k">%s</text>`,
			lx, ly-10, st.color, lx+16, ly, esc(st.name))
		lx += w
	}
	if gcY >= 0 {
		fmt.Fprintf(body, `<rect x="%.1f" y="%.1f" width="12" height="12" rx="2" fill="%s"/><rect x="%.1f" y="%.1f" width="5" height="12" fill="%s"/><text x="%.1f" y="%.1f" class="k">GC (dark: stop-the-world)</text>`,
			lx, ly-10, gcColor, lx+7, ly-10, stwColor, lx+16, ly)
	}
	ly += 22
	fmt.Fprintf(body, `<text x="%d" y="%.1f" class="m">%s</text>`, pad, ly, esc(tl.summaryLocked()))
	notes := tl.notes
	if collapsed > 0 {
		notes = append(notes[:len(notes):len(notes)], fmt.Sprintf("%d more lanes are drawn combined in the last row.", collapsed))
	}
	for _, n := range notes {
		ly += 17
		fmt.Fprintf(body, `<text x="%d" y="%.1f" class="n">%s</text>`, pad, ly, esc(n))
	}
	height := int(ly + 12)

	// The style sheet is scoped to the chart: inline in HTML output, an SVG's <style>
	// applies to the whole page.
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" class="gojup-tl" style="max-width:100%%;height:auto">`,
		width, height, width, height)
	fmt.Fprintf(&b, `<title>%s</title>`, esc(tl.title))
	b.WriteString(`<style>.gojup-tl text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;fill:#222}` +
		`.gojup-tl .l{font-size:12px;text-anchor:end}.gojup-tl .t{font-size:11px;fill:#555}.gojup-tl .k{font-size:12px}` +
		`.gojup-tl .m{font-size:12.5px}.gojup-tl .n{font-size:12px;fill:#8a5a00}.gojup-tl .s{font-size:11px;text-anchor:middle}` +
		`.gojup-tl .h{font-size:15px;font-weight:600}.gojup-tl .g{stroke:#000;stroke-opacity:.08}.gojup-tl .a{stroke:#888}</style>`)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" rx="6" fill="#fff" stroke="#ddd"/>`, width, height)
	fmt.Fprintf(&b, `<text x="%d" y="22" class="h">%s</text>`, pad, esc(tl.title))
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return b.String()
}

// barPart returns the vertical middle and the height of part of a bar at y: 0 the whole
// bar, 1 its upper half, 2 its lower half.
func barPart(y, barH float64, part int) (mid, h float64) {
	switch part {
	case 1:
		return y + barH/4, barH / 2
	case 2:
		return y + 3*barH/4, barH / 2
	}
	return y + barH/2, barH
}

// laneMix describes the share of each state over a whole lane.
func laneMix(g *grid, runs []run, states []stateStyle) string {
	if len(runs) == 0 {
		return "no activity"
	}
	return g.mix(0, g.cols, states)
}

// runTooltip describes one run: the span it shows, or the time range it summarises.
func (tl *Timeline) runTooltip(l *Lane, x run, scale float64) string {
	st := tl.states[x.state]
	t0, t1 := int64(float64(x.x0)/scale), int64(float64(x.x1)/scale)
	if l == nil || x.span < 0 || x.span >= len(l.spans) {
		tip := fmt.Sprintf("mostly %s (%s – %s)", st.name, fmtDuration(t0), fmtDuration(t1))
		if x.mix != "" {
			tip += ": " + x.mix
		}
		return tip
	}
	s := l.spans[x.span]
	e := s.end
	if e < 0 {
		e = tl.endLocked()
	}
	tip := fmt.Sprintf("%s · %s (%s – %s)", st.name, fmtDuration(e-s.start), fmtDuration(s.start), fmtDuration(e))
	if n := tl.strs[s.note]; n != "" && n != st.name {
		tip += " · " + n
	}
	if s.by != 0 {
		who, ok := tl.names[s.by]
		if !ok {
			who = fmt.Sprintf("goroutine %d", s.by)
		}
		tip += " · woken by " + who
	}
	return tip
}

func (tl *Timeline) drawMarks(b *strings.Builder, l *Lane, x0, y, barH, scale float64) {
	for i, m := range l.marks {
		x := x0 + float64(m.at)*scale
		fmt.Fprintf(b, `<path d="M%.1f %.1fl4 5-4 5-4-5z" fill="#222" stroke="#fff" stroke-width="1"><title>%s at %s</title></path>`,
			x, y+barH/2-5, esc(m.label), fmtDuration(m.at))
		if len(l.marks) <= 12 && i < 12 {
			fmt.Fprintf(b, `<text x="%.1f" y="%.1f" font-size="10">%s</text>`, x+5, y-1, esc(m.label))
		}
	}
}
