// Sextant dashboard: reads the statistics API with a key kept in this tab's sessionStorage.
'use strict';

(() => {
  const KEY_STORAGE = 'sextant.key';
  const RECENT_STORAGE = 'sextant.recentChatbots';
  const CHATBOT_STORAGE = 'sextant.chatbot';
  const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#f97316', '#64748b', '#ec4899'];
  const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const OVERVIEW = ['CONVERSATION_COUNT', 'CONVERSATION_COUNT_INTERVAL', 'CONVERSATION_COUNT_PERIODIC_TREND',
    'CONVERSATION_LANGUAGES', 'CONVERSATION_MESSAGE_COUNT_MEDIAN', 'MESSAGE_COUNT', 'MESSAGE_COUNT_INTERVAL',
    'MESSAGE_COUNT_PERIODIC_TREND', 'MESSAGE_LENGTH_MEDIAN', 'INTENT_HITS', 'INTENT_SCORE_MEDIAN', 'INTENT_COUNT',
    'INTERACTION_COUNT', 'INTERACTION_COUNT_INTERVAL', 'INTERACTION_COUNT_PERIODIC_TREND', 'STEP_EXEC_COUNT'];
  const OVERVIEW_ONLY = ['CONVERSATION_BY_CHANNEL_TYPE'];
  const CALLS = ['CALL_DURATION_TOTAL', 'CALL_DURATION_PERIODIC_TREND', 'CALL_DURATION_MEDIAN', 'CALL_EXIT_STEP',
    'CALL_USER_INPUTS_MEDIAN', 'CALL_END_REASON', 'CALL_TRANSFER_TARGET'];
  // asked in a request of their own: a service without them answers 400, and only their panels say so
  const QUALITY = {containmentRate: 'CONTAINMENT_RATE', handoverRate: 'HANDOVER_RATE', understoodRate: 'UNDERSTOOD_RATE',
    abandonmentRate: 'ABANDONMENT_RATE', goals: 'GOAL_COMPLETION_RATE', rating: 'RATING'};
  const LIVE_POLL_MS = 5000;
  const PATH_EDGES = 40;
  const FILTER_KEYS = ['language', 'channel', 'channelType', 'intent', 'handover', 'goal', 'goalReached', 'rating'];

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat(undefined);
  const decimal = new Intl.NumberFormat(undefined, {maximumFractionDigits: 1});
  const score = new Intl.NumberFormat(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 3});
  const percent = new Intl.NumberFormat(undefined, {style: 'percent', maximumFractionDigits: 1});
  const rateFormat = new Intl.NumberFormat(undefined, {style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1});
  const points = new Intl.NumberFormat(undefined, {minimumFractionDigits: 1, maximumFractionDigits: 1});
  const average = new Intl.NumberFormat(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  // every day and hour label is in the chosen zone; these are made anew when it changes
  const fmt = {};
  const longDate = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeZone: 'UTC'});

  const state = {
    key: sessionStorage.getItem(KEY_STORAGE) || '',
    chatbot: '',
    channel: '',
    channels: [],
    preset: '30',
    zone: BROWSER_ZONE,
    filters: [],
    filtersSupported: null,
    generation: 0,
    exportGeneration: 0,
    liveGeneration: 0,
    suggestions: {},
  };
  const charts = {};

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: {'x-chatcaptain-key': state.key, 'Accept': 'application/json', ...(options.headers || {})},
    });
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : `${response.status} ${response.statusText}`;
      throw new ApiError(response.status, message);
    }
    return body;
  }

  const chatbotPath = () => `/v1/chatbots/${encodeURIComponent(state.chatbot)}/statistics`;
  const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')).toString();

  // ---- time zone and period ----------------------------------------------------------------

  const DAY_MS = 86400000;
  const partFormatters = new Map();

  /** Year, month, day, hour of an instant in a zone (Intl does the zone rules). */
  function zonedParts(ms, zone) {
    let f = partFormatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric'});
      partFormatters.set(zone, f);
    }
    const p = {};
    for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
    return {year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute)};
  }

  /** The calendar day of an instant in a zone, as a day number (days since 1970-01-01). */
  function dayOf(ms, zone) {
    const p = zonedParts(ms, zone);
    return Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
  }

  /**
   * The first instant of a day in a zone: its local midnight, or the first instant after a gap
   * when the zone skips midnight. Offsets lie within UTC−12 … UTC+14, so the instant is in
   * [UTC midnight − 15 h, UTC midnight + 15 h]: a binary search to the millisecond.
   */
  function startOfDay(day, zone) {
    let lo = day * DAY_MS - 15 * 3600000; // dayOf(lo) < day
    let hi = day * DAY_MS + 15 * 3600000; // dayOf(hi) >= day
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (dayOf(mid, zone) >= day) hi = mid; else lo = mid;
    }
    return hi;
  }

  function parseDateInput(value) {
    const [y, m, d] = value.split('-').map(Number);
    return Date.UTC(y, m - 1, d) / DAY_MS;
  }

  function dateInputValue(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function makeFormatters() {
    fmt.day = new Intl.DateTimeFormat(undefined, {weekday: 'short', day: 'numeric', month: 'short', timeZone: state.zone});
    fmt.hour = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', timeZone: state.zone});
    fmt.dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short', timeZone: state.zone});
  }

  /** The selected period as whole days in the chosen time zone. */
  function period() {
    const zone = state.zone;
    const today = dayOf(Date.now(), zone);
    let first = today;
    let last = today;
    if (state.preset === 'custom') {
      const from = $('custom-from').value;
      const to = $('custom-to').value;
      if (!from || !to) {
        throw new ApiError(0, 'Choose the first and the last day of the custom period.');
      }
      first = parseDateInput(from);
      last = parseDateInput(to);
      if (last < first) {
        throw new ApiError(0, 'The last day of the custom period is before its first day.');
      }
    } else if (state.preset !== 'today') {
      first = today - (Number(state.preset) - 1);
    }
    const from = new Date(startOfDay(first, zone));
    const to = new Date(startOfDay(last + 1, zone) - 1);
    return {from: from.toISOString(), to: to.toISOString(), interval: first === last ? 3600 : 86400, timezone: zone, first, last};
  }

  /** The zone picker: every zone the browser knows, the browser's own first. */
  function fillZones() {
    const select = $('timezone');
    let zones = [];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch (e) {
      zones = ['UTC'];
    }
    const all = [...new Set([BROWSER_ZONE, 'UTC', ...zones])];
    select.textContent = '';
    for (const z of all) {
      select.appendChild(new Option(z === BROWSER_ZONE ? `${z} (browser)` : z.replace(/_/g, ' '), z));
    }
    select.value = state.zone;
  }

  function setZone(zone) {
    state.zone = zone;
    $('timezone').value = zone;
    $('zone-name').textContent = zone;
    makeFormatters();
  }

  // ---- formatting ---------------------------------------------------------------------------

  /** A duration short enough for a tile: 40 s, 3 min 20 s, 14 min, 1 h 39 min, 20 h, 2 d 4 h, 12 d. */
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.round(seconds);
    const part = (value, unit) => (value ? ` ${value} ${unit}` : '');
    if (s < 60) return `${s} s`;
    if (s < 600) return `${Math.floor(s / 60)} min${part(s % 60, 's')}`;
    if (s < 3600) return `${Math.floor(s / 60)} min`;
    if (s < 36000) return `${Math.floor(s / 3600)} h${part(Math.floor((s % 3600) / 60), 'min')}`;
    if (s < 86400) return `${Math.floor(s / 3600)} h`;
    if (s < 864000) return `${Math.floor(s / 86400)} d${part(Math.floor((s % 86400) / 3600), 'h')}`;
    return `${number.format(Math.round(s / 86400))} d`;
  }

  function setTile(metric, value, text, extra = {}) {
    const tile = document.querySelector(`.tile[data-metric="${metric}"]`);
    const valueEl = tile.querySelector('.value');
    valueEl.textContent = text;
    valueEl.classList.toggle('long', text.length > 8);
    valueEl.dataset.value = value === null || value === undefined ? '' : String(value);
    valueEl.title = text;
    if ('detail' in extra) tile.querySelector('.detail').textContent = extra.detail;
    const trendEl = tile.querySelector('.trend');
    if (trendEl) {
      trendEl.className = 'trend';
      trendEl.textContent = '';
      trendEl.title = '';
      delete trendEl.dataset.change;
      const t = extra.trend;
      if (t) {
        trendEl.dataset.change = t.change === null ? '' : String(t.change);
        const formatChange = extra.formatChange || ((v) => percent.format(v));
        if (t.change === null || t.change === undefined) {
          trendEl.dataset.change = '';
          trendEl.textContent = extra.formatChange ? '' : t.current > 0 ? 'new' : '±0';
        } else {
          // a change too small to show in the format's digits has no direction
          const sign = Math.abs(t.change) < (extra.flatBelow || 0) ? 0 : Math.sign(t.change);
          trendEl.textContent = `${sign > 0 ? '▲' : sign < 0 ? '▼' : ''} ${formatChange(Math.abs(t.change))}`.trim();
          trendEl.classList.add(sign > 0 ? 'up' : sign < 0 ? 'down' : 'flat');
        }
        trendEl.title = `previous period: ${extra.formatPrevious ? extra.formatPrevious(t.previous) : number.format(t.previous)}`;
      }
    }
  }

  // ---- charts -------------------------------------------------------------------------------

  function chart(id) {
    const el = $(id);
    if (!charts[id]) {
      el.textContent = '';
      charts[id] = echarts.init(el, null, {renderer: 'canvas'});
    }
    return charts[id];
  }

  function empty(id, message = 'No data in this period') {
    if (charts[id]) {
      charts[id].dispose();
      delete charts[id];
    }
    $(id).innerHTML = `<div class="empty">${message}</div>`;
  }

  function bucketLabel(iso, interval) {
    return (interval === 3600 ? fmt.hour : fmt.day).format(new Date(iso));
  }

  function seriesChart(id, component, interval, color, kind) {
    if (!component || !component.buckets || component.buckets.length === 0) {
      empty(id);
      return;
    }
    const labels = component.buckets.map((b) => bucketLabel(b.start, interval));
    $(id).dataset.labels = JSON.stringify(labels);
    chart(id).setOption({
      color: [color],
      grid: {left: 20, right: 20, top: 16, bottom: 8, containLabel: true},
      tooltip: {trigger: 'axis', valueFormatter: (v) => number.format(v)},
      xAxis: {type: 'category', data: labels, boundaryGap: true, axisTick: {show: false},
        axisLine: {lineStyle: {color: '#d1d5db'}}, axisLabel: {color: '#6b7280', hideOverlap: true}},
      yAxis: {type: 'value', minInterval: 1, splitLine: {lineStyle: {color: '#f3f4f6'}},
        axisLabel: {color: '#6b7280', formatter: (v) => number.format(v)}},
      series: [{type: kind, data: component.buckets.map((b) => b.value), showSymbol: false,
        barMaxWidth: 18, itemStyle: {borderRadius: kind === 'bar' ? [3, 3, 0, 0] : 0},
        areaStyle: kind === 'line' ? {opacity: 0.12} : undefined, lineStyle: {width: 2}}],
    }, true);
  }

  /** A click on a slice or bar adds the filter {@code filterKey:item key} (when the chart has one). */
  function pickable(id, filterKey) {
    const c = charts[id];
    c.off('click');
    if (!filterKey) return;
    c.on('click', (params) => {
      if (params.data && params.data.key !== undefined) addFilter(filterKey, String(params.data.key));
    });
  }

  function donutChart(id, component, nameOf = (item) => item.key, filterKey = null) {
    if (!component || !component.items || component.total === 0) {
      empty(id);
      return;
    }
    const items = component.items.slice(0, 8);
    const rest = component.items.slice(8).reduce((sum, item) => sum + item.count, 0);
    const data = items.map((item) => ({name: nameOf(item), value: item.count, key: item.key}));
    if (rest > 0) data.push({name: 'other', value: rest});
    chart(id).setOption({
      color: PALETTE,
      tooltip: {trigger: 'item', valueFormatter: (v) => number.format(v)},
      legend: {type: 'scroll', orient: 'vertical', left: '54%', right: 0, top: 'middle', itemWidth: 12, itemHeight: 12,
        textStyle: {color: '#374151', width: 136, overflow: 'truncate'},
        formatter: (name) => {
          const d = data.find((x) => x.name === name);
          return `${name}  ${percent.format(d.value / component.total)}`;
        }},
      series: [{type: 'pie', radius: ['40%', '68%'], center: ['28%', '50%'], avoidLabelOverlap: true,
        itemStyle: {borderColor: '#fff', borderWidth: 2}, label: {show: false}, data}],
    }, true);
    pickable(id, filterKey);
  }

  function barChart(id, component, nameOf = (item) => item.key, color = PALETTE[0], filterKey = null) {
    if (!component || !component.items || component.total === 0) {
      empty(id);
      return;
    }
    const items = component.items.slice(0, 10).reverse();
    chart(id).setOption({
      color: [color],
      grid: {left: 8, right: 56, top: 4, height: Math.min(items.length * 28, $(id).clientHeight - 8), containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: (v) => number.format(v)},
      xAxis: {type: 'value', show: false},
      yAxis: {type: 'category', data: items.map(nameOf), axisTick: {show: false}, axisLine: {show: false},
        axisLabel: {color: '#374151', width: 170, overflow: 'truncate'}},
      series: [{type: 'bar', data: items.map((i) => ({value: i.count, key: i.key})), barMaxWidth: 16, itemStyle: {borderRadius: [0, 4, 4, 0]},
        label: {show: true, position: 'right', color: '#6b7280', formatter: (p) => number.format(p.value)}}],
    }, true);
    pickable(id, filterKey);
  }

  // ---- KPI cards, goals, ratings ------------------------------------------------------------

  /** A panel's own error, kept short (140 characters); the whole message is the tooltip. */
  function panelError(id, message) {
    const el = $(id);
    const text = message || '';
    const cut = text.length > 140 ? `${text.slice(0, text.lastIndexOf(' ', 140))} …` : text;
    el.textContent = cut;
    el.title = text;
    el.hidden = !text;
    const card = el.closest('.card');
    if (card) card.classList.toggle('failed', !!text);
  }

  const formatRate = (v) => (v === null || v === undefined ? '–' : rateFormat.format(v));
  const formatPoints = (v) => `${points.format(v * 100)} pp`;

  function renderRate(metric, rate) {
    setTile(metric, rate.value, formatRate(rate.value), {
      trend: {change: rate.change, previous: rate.previous ? rate.previous.value : null},
      formatChange: formatPoints,
      flatBelow: 0.0005,
      formatPrevious: formatRate,
      detail: rate.total ? `${number.format(rate.count)} of ${number.format(rate.total)}` : 'nothing to count in this period',
    });
  }

  function clearRate(metric) {
    setTile(metric, null, '–', {detail: ''});
  }

  function renderQuality(quality, suffix) {
    const names = Object.keys(QUALITY).filter((k) => k.endsWith('Rate'));
    if (quality instanceof Error) {
      const message = `Rates unavailable: ${quality.message}`;
      names.forEach(clearRate);
      panelError('kpis-error', message);
      renderGoals(null);
      panelError('goals-error', `Goals unavailable: ${quality.message}`);
      renderRatings(null);
      panelError('ratings-error', `Ratings unavailable: ${quality.message}`);
      return;
    }
    panelError('kpis-error', '');
    panelError('goals-error', '');
    panelError('ratings-error', '');
    const c = (name) => quality.components[name + suffix];
    for (const metric of names) renderRate(metric, c(QUALITY[metric]));
    renderGoals(c(QUALITY.goals));
    renderRatings(c(QUALITY.rating));
  }

  function renderGoals(goals) {
    const list = $('goals');
    list.textContent = '';
    if (!goals) return;
    state.suggestions.goal = goals.items.map((i) => i.key);
    if (goals.items.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = goals.total ? 'No goal reached in this period' : 'No data in this period';
      list.appendChild(li);
      return;
    }
    const max = Math.max(...goals.items.map((i) => i.value || 0), 0.0001);
    for (const item of goals.items) {
      const li = document.createElement('li');
      li.dataset.goal = item.key;
      li.dataset.value = item.value === null ? '' : String(item.value);
      li.dataset.count = String(item.count);
      li.title = `Show only conversations that reached ${item.key}`;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = item.key;
      const rate = document.createElement('span');
      rate.className = 'rate';
      rate.textContent = formatRate(item.value);
      const trend = document.createElement('span');
      trend.className = 'trend';
      if (item.change !== null && item.change !== undefined) {
        trend.dataset.change = String(item.change);
        const sign = Math.abs(item.change) < 0.0005 ? 0 : Math.sign(item.change);
        trend.textContent = `${sign > 0 ? '▲' : sign < 0 ? '▼' : ''} ${formatPoints(Math.abs(item.change))}`.trim();
        trend.classList.add(sign > 0 ? 'up' : sign < 0 ? 'down' : 'flat');
        trend.title = `previous period: ${formatRate(item.previousValue)} (${number.format(item.previousCount)})`;
      }
      const bar = document.createElement('span');
      bar.className = 'bar';
      const fill = document.createElement('span');
      fill.style.width = `${Math.round(((item.value || 0) / max) * 100)}%`;
      bar.appendChild(fill);
      const count = document.createElement('span');
      count.className = 'count';
      count.textContent = `${number.format(item.count)} of ${number.format(goals.total)} conversations`;
      li.append(name, rate, trend, bar, count);
      li.addEventListener('click', () => addFilter('goal', item.key));
      list.appendChild(li);
    }
  }

  function renderRatings(rating) {
    if (!rating) {
      setTile('ratingAverage', null, '–', {detail: ''});
      setTile('thumbsUp', null, '–', {detail: ''});
      empty('chart-ratings', '');
      return;
    }
    const thumbs = rating.thumbs || {up: 0, down: 0};
    setTile('ratingAverage', rating.average, rating.average === null ? '–' : `${average.format(rating.average)} / 5`, {
      trend: {change: rating.change, previous: rating.previous ? rating.previous.average : null},
      formatChange: (v) => average.format(v),
      flatBelow: 0.005,
      formatPrevious: (v) => (v === null || v === undefined ? '–' : average.format(v)),
      detail: rating.count ? `${number.format(rating.count)} scores` : 'no scores in this period',
    });
    const thumbsTotal = thumbs.up + thumbs.down;
    setTile('thumbsUp', thumbsTotal ? thumbs.up / thumbsTotal : null, thumbsTotal ? rateFormat.format(thumbs.up / thumbsTotal) : '–',
      {detail: thumbsTotal ? `${number.format(thumbs.up)} up · ${number.format(thumbs.down)} down` : 'no thumbs in this period'});
    const scores = [1, 2, 3, 4, 5].map((n) => (rating.scores && rating.scores[n]) || 0);
    const bars = scores.map((v, i) => ({value: v, key: String(i + 1), itemStyle: {color: ['#ef4444', '#f97316', '#f59e0b', '#84cc16', '#10b981'][i]}}));
    if (thumbsTotal) {
      bars.push({value: thumbs.up, key: 'up', itemStyle: {color: '#10b981'}}, {value: thumbs.down, key: 'down', itemStyle: {color: '#ef4444'}});
    }
    if (rating.count + thumbsTotal === 0) {
      empty('chart-ratings', 'No ratings in this period');
      return;
    }
    const labels = ['1 ★', '2 ★', '3 ★', '4 ★', '5 ★'].concat(thumbsTotal ? ['thumbs up', 'thumbs down'] : []);
    const shown = rating.count ? bars : bars.slice(5);
    const shownLabels = rating.count ? labels : labels.slice(5);
    chart('chart-ratings').setOption({
      grid: {left: 8, right: 8, top: 18, bottom: 4, containLabel: true},
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: (v) => number.format(v)},
      xAxis: {type: 'category', data: shownLabels, axisTick: {show: false}, axisLine: {lineStyle: {color: '#d1d5db'}},
        axisLabel: {color: '#374151'}},
      yAxis: {type: 'value', show: false},
      series: [{type: 'bar', data: shown, barMaxWidth: 34, itemStyle: {borderRadius: [4, 4, 0, 0]},
        label: {show: true, position: 'top', color: '#6b7280', formatter: (p) => number.format(p.value)}}],
    }, true);
    pickable('chart-ratings', 'rating');
  }

  // ---- flow paths (Sankey) ------------------------------------------------------------------

  /**
   * ECharts' Sankey needs a graph without cycles. Edges are taken by count, largest first; a
   * self-loop is left out, and so is an edge back to a step that already leads to its start
   * (it would close a cycle). What is left out is counted for the note under the chart.
   */
  function acyclic(edges) {
    const next = new Map();
    const kept = [];
    const selfLoops = [];
    const backEdges = [];
    const reaches = (from, to) => {
      const seen = new Set([from]);
      const stack = [from];
      while (stack.length) {
        const node = stack.pop();
        if (node === to) return true;
        for (const n of next.get(node) || []) {
          if (!seen.has(n)) {
            seen.add(n);
            stack.push(n);
          }
        }
      }
      return false;
    };
    for (const e of [...edges].sort((a, b) => b.count - a.count)) {
      if (e.from === e.to) {
        selfLoops.push(e);
      } else if (reaches(e.to, e.from)) {
        backEdges.push(e);
      } else {
        kept.push(e);
        if (!next.has(e.from)) next.set(e.from, []);
        next.get(e.from).push(e.to);
      }
    }
    return {kept, selfLoops, backEdges};
  }

  function renderPaths(paths) {
    const card = $('paths-card');
    if (paths instanceof Error) {
      empty('chart-paths', '');
      $('chart-paths').hidden = true;
      $('paths-summary').textContent = '';
      $('paths-note').textContent = '';
      panelError('paths-error', `Conversation flows unavailable: ${paths.message}`);
      card.dataset.nodes = '0';
      return;
    }
    panelError('paths-error', '');
    $('chart-paths').hidden = false;
    const steps = new Map(paths.steps.map((s) => [s.stepId, s]));
    const name = (id) => (steps.get(id) && steps.get(id).label) || id;
    const {kept, selfLoops, backEdges} = acyclic(paths.edges);
    const sum = (list) => list.reduce((n, e) => n + e.count, 0);
    card.dataset.nodes = '0';
    card.dataset.edges = String(kept.length);
    card.dataset.dropped = String(selfLoops.length + backEdges.length);
    $('paths-summary').textContent = paths.conversations
        ? `${number.format(paths.conversations)} conversations · the ${number.format(paths.edges.length)} most frequent of ${number.format(paths.totalEdges)} transitions`
        : '';
    const notes = [];
    const plural = (n, one, many) => `${number.format(n)} ${n === 1 ? one : many}`;
    if (selfLoops.length) {
      notes.push(`${plural(selfLoops.length, 'repeat', 'repeats')} of a step (${plural(sum(selfLoops), 'time', 'times')})`);
    }
    if (backEdges.length) {
      notes.push(`${plural(backEdges.length, 'transition', 'transitions')} back to an earlier step (${plural(sum(backEdges), 'time', 'times')})`);
    }
    $('paths-note').textContent = notes.length
        ? `Not drawn, since a Sankey diagram cannot show cycles: ${notes.join(' and ')}.`
        : '';
    if (kept.length === 0) {
      empty('chart-paths', 'No flows in this period');
      return;
    }
    const used = new Set();
    kept.forEach((e) => used.add(e.from).add(e.to));
    card.dataset.nodes = String(used.size);
    const nodes = [...used].map((id, i) => ({name: id, itemStyle: {color: PALETTE[i % PALETTE.length]}}));
    const stepTip = (id) => {
      const s = steps.get(id);
      if (!s) return name(id);
      const lines = [`<b>${escapeHtml(name(id))}</b>`, `${number.format(s.visits)} visits in ${number.format(s.conversations)} conversations`,
        `${number.format(s.endings)} conversations end here`];
      if (typeof s.dropOffs === 'number') lines.push(`${number.format(s.dropOffs)} of them without a goal (${percent.format(s.dropOffShare || 0)} of its conversations)`);
      return lines.join('<br>');
    };
    chart('chart-paths').setOption({
      tooltip: {trigger: 'item', confine: true, formatter: (p) => (p.dataType === 'edge'
          ? `${escapeHtml(name(p.data.source))} → ${escapeHtml(name(p.data.target))}<br>${number.format(p.data.value)} times in ${number.format(p.data.conversations)} conversations`
          : stepTip(p.name))},
      series: [{type: 'sankey', left: 8, right: 150, top: 10, bottom: 10, nodeAlign: 'left', nodeGap: 10, nodeWidth: 14,
        layoutIterations: 64, draggable: false, emphasis: {focus: 'adjacency'},
        label: {color: '#374151', fontSize: 11, formatter: (p) => name(p.name), width: 140, overflow: 'truncate'},
        lineStyle: {color: 'gradient', opacity: 0.35, curveness: 0.5},
        data: nodes,
        links: kept.map((e) => ({source: e.from, target: e.to, value: e.count, conversations: e.conversations}))}],
    }, true);
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
  }

  // ---- live tile ----------------------------------------------------------------------------

  async function pollLive() {
    if (document.hidden || !state.key || !state.chatbot || $('dashboard').hidden) return;
    const generation = state.liveGeneration;
    const live = $('live');
    try {
      const view = await api(`${chatbotPath()}/live?${query({channelId: state.channel})}`);
      if (generation !== state.liveGeneration) return;
      live.dataset.state = 'ready';
      live.dataset.active = String(view.activeConversations);
      live.dataset.now = view.now;
      live.dataset.polls = String(Number(live.dataset.polls || 0) + 1);
      $('live-active').textContent = number.format(view.activeConversations);
      const perMinute = view.eventsPerMinute;
      const lastHour = perMinute.reduce((n, m) => n + m.count, 0);
      $('live-detail').textContent = `active conversations · ${number.format(lastHour)} events in the last hour`;
      live.title = `As of ${fmt.dateTime.format(new Date(view.now))}`;
      chart('chart-live').setOption({
        grid: {left: 0, right: 0, top: 4, bottom: 2},
        tooltip: {trigger: 'axis', confine: true, formatter: (p) => `${fmt.hour.format(new Date(perMinute[p[0].dataIndex].start))}: ${number.format(p[0].value)} events`},
        xAxis: {type: 'category', show: false, boundaryGap: false, data: perMinute.map((m) => m.start)},
        yAxis: {type: 'value', show: false, min: 0},
        series: [{type: 'line', data: perMinute.map((m) => m.count), showSymbol: false, smooth: 0.3, color: PALETTE[2],
          lineStyle: {width: 1.5}, areaStyle: {opacity: 0.15}}],
      }, true);
    } catch (e) {
      if (generation !== state.liveGeneration) return;
      if (e.status === 401) {
        fail(e);
        return;
      }
      live.dataset.state = 'error';
      $('live-active').textContent = '–';
      $('live-detail').textContent = `Live view unavailable: ${e.message}`;
    }
  }

  function restartLive() {
    state.liveGeneration++;
    const live = $('live');
    live.dataset.state = 'loading';
    live.dataset.polls = '0';
    delete live.dataset.active;
    $('live-active').textContent = '–';
    pollLive();
  }

  // ---- filters (segments) -------------------------------------------------------------------

  const filterParams = () => state.filters.map((f) => `${f.key}:${f.value}`);

  /** The query string with one filter=key:value per chip (the API takes the parameter repeatedly). */
  function withFilters(queryString) {
    const extra = filterParams().map((f) => `filter=${encodeURIComponent(f)}`).join('&');
    return extra ? `${queryString}&${extra}` : queryString;
  }

  function filterLabel(key) {
    if (key.startsWith('attr.')) return key.slice(5);
    const option = [...$('filter-key').options].find((o) => o.value === key);
    return option ? option.textContent : key;
  }

  function renderChips() {
    const list = $('chips');
    list.textContent = '';
    state.filters.forEach((f, index) => {
      const li = document.createElement('li');
      li.className = 'chip';
      li.dataset.filter = `${f.key}:${f.value}`;
      const label = document.createElement('span');
      const key = document.createElement('b');
      key.textContent = `${filterLabel(f.key)}:`;
      label.append(key, ` ${f.value}`);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = '✕';
      remove.title = `Remove the filter ${f.key}:${f.value}`;
      remove.setAttribute('aria-label', remove.title);
      remove.addEventListener('click', () => removeFilter(index));
      li.append(label, remove);
      list.appendChild(li);
    });
    $('filter-note').textContent = state.filtersSupported === false
        ? 'Filters are not available: this Sextant does not know segments yet.'
        : state.filters.length ? 'every panel shows only these conversations' : 'all conversations';
    document.body.dataset.filters = JSON.stringify(filterParams());
  }

  function addFilter(key, value) {
    if (state.filtersSupported === false || !value) return;
    if (state.filters.some((f) => f.key === key && f.value === value)) return;
    state.filters.push({key, value});
    renderChips();
    refresh();
  }

  function removeFilter(index) {
    state.filters.splice(index, 1);
    renderChips();
    refresh();
  }

  /** Value suggestions for the chosen filter key, from what the dashboard shows. */
  function suggestFilterValues() {
    const key = $('filter-key').value;
    $('filter-attr').hidden = key !== 'attr';
    $('filter-attr').required = key === 'attr';
    const fixed = {handover: ['yes', 'no'], goalReached: ['yes', 'no'], rating: ['1', '2', '3', '4', '5', 'up', 'down'],
      channel: state.channels.map((c) => c.id), channelType: [...new Set(state.channels.map((c) => c.type))]};
    const values = fixed[key] || state.suggestions[key] || [];
    const list = $('filter-values');
    list.textContent = '';
    for (const v of values) list.appendChild(new Option(v, v));
    $('filter-value').placeholder = values.length ? `e.g. ${values[0]}` : 'value';
  }

  /**
   * Whether the service knows segments: a malformed filter must be refused (400). A service that
   * ignores the parameter would show every conversation under a chip; then no chips are offered.
   */
  async function probeFilters(p) {
    if (state.filtersSupported !== null) return;
    try {
      await api(`${chatbotPath()}/reports/overview?${query({from: p.from, to: p.to, interval: p.interval,
        components: 'CONVERSATION_COUNT', timezone: p.timezone, filter: 'handover:maybe'})}`);
      state.filtersSupported = false;
    } catch (e) {
      if (e.status === 400) state.filtersSupported = true; else throw e;
    }
    $('filters').dataset.supported = String(state.filtersSupported);
    if (!state.filtersSupported) {
      state.filters = [];
      renderChips();
    }
  }


  // ---- loading ------------------------------------------------------------------------------

  function showError(message) {
    const el = $('error');
    el.textContent = message;
    el.hidden = !message;
  }

  function setState(value) {
    document.body.dataset.state = value;
  }

  function rememberChatbot(id) {
    const recent = JSON.parse(localStorage.getItem(RECENT_STORAGE) || '[]').filter((x) => x !== id);
    recent.unshift(id);
    localStorage.setItem(RECENT_STORAGE, JSON.stringify(recent.slice(0, 10)));
    localStorage.setItem(CHATBOT_STORAGE, id);
    renderRecent();
  }

  function renderRecent() {
    const list = $('recent-chatbots');
    list.textContent = '';
    for (const id of JSON.parse(localStorage.getItem(RECENT_STORAGE) || '[]')) {
      const option = document.createElement('option');
      option.value = id;
      list.appendChild(option);
    }
  }

  async function openChatbot(id) {
    const changed = state.chatbot !== id.trim();
    state.chatbot = id.trim();
    state.channel = '';
    if (changed) {
      // goals, intents and attributes differ from chatbot to chatbot
      state.filters = [];
      state.suggestions = {};
      renderChips();
    }
    $('chatbot').value = state.chatbot;
    const generation = ++state.generation;
    setState('loading');
    try {
      const body = await api(`${chatbotPath()}/channels`);
      if (generation !== state.generation) return;
      state.channels = body.channels;
      rememberChatbot(state.chatbot);
      const select = $('channel');
      select.textContent = '';
      select.appendChild(new Option('All channels', ''));
      for (const c of state.channels) {
        select.appendChild(new Option(`${c.name} (${c.type})`, c.id));
      }
      await refresh();
      if (state.chatbot === id.trim() && !$('dashboard').hidden) restartLive();
    } catch (e) {
      if (generation !== state.generation) return;
      fail(e);
    }
  }

  function fail(e) {
    if (e.status === 401) {
      sessionStorage.removeItem(KEY_STORAGE);
      state.key = '';
      showSignin(e.message);
      setState('error');
      return;
    }
    // stale numbers under an error would read as the answer to the new question
    $('dashboard').hidden = true;
    showError(e.message);
    setState('error');
  }

  async function refresh() {
    if (!state.key || !state.chatbot) {
      showSignin();
      return;
    }
    const generation = ++state.generation;
    setState('loading');
    showError('');
    try {
      const p = period();
      const channel = state.channels.find((c) => c.id === state.channel);
      const voice = channel && channel.type === 'voice';
      const names = channel
          ? OVERVIEW.map((n) => `${n}_FOR_CHANNEL_ID`).concat(voice ? CALLS : [])
          : OVERVIEW.concat(OVERVIEW_ONLY);
      await probeFilters(p);
      if (generation !== state.generation) return;
      const suffix = channel ? '_FOR_CHANNEL_ID' : '';
      const params = {from: p.from, to: p.to, interval: p.interval, components: names.join(','), timezone: p.timezone};
      const reportPath = (components) => withFilters(channel
          ? `${chatbotPath()}/reports/channel?${query({...params, components, channelId: channel.id})}`
          : `${chatbotPath()}/reports/overview?${query({...params, components})}`);
      const inboxPath = withFilters(`${chatbotPath()}/inbox?${query({from: p.from, to: p.to, channelId: channel ? channel.id : ''})}`);
      // the rates, goals, ratings and flows are panels of their own: an error there leaves the rest standing
      const qualityPath = reportPath(Object.values(QUALITY).map((n) => n + suffix).join(','));
      const pathsPath = withFilters(`${chatbotPath()}/reports/paths?${query({from: p.from, to: p.to,
        channelId: channel ? channel.id : '', limit: PATH_EDGES})}`);
      const orError = (promise) => promise.catch((e) => {
        if (e.status === 401) throw e;
        return e instanceof Error ? e : new Error(String(e));
      });
      const [report, inbox, quality, paths] = await Promise.all([api(reportPath(names.join(','))), api(inboxPath),
        orError(api(qualityPath)), orError(api(pathsPath))]);
      if (generation !== state.generation) return;
      render(report, inbox, p, channel, voice);
      renderQuality(quality, suffix);
      renderPaths(paths);
      suggestFilterValues();
      requestAnimationFrame(() => Object.values(charts).forEach((ch) => ch.resize()));
      // what is on screen, for people reading the page source and for the browser test
      Object.assign(document.body.dataset, {from: p.from, to: p.to, interval: String(p.interval), timezone: p.timezone,
        chatbot: state.chatbot, channel: state.channel, filters: JSON.stringify(filterParams()),
        renders: String(Number(document.body.dataset.renders || 0) + 1)});
      setState('ready');
    } catch (e) {
      if (generation !== state.generation) return;
      fail(e);
    }
  }

  function render(report, inbox, p, channel, voice) {
    const suffix = channel ? '_FOR_CHANNEL_ID' : '';
    const c = (name) => report.components[name + suffix];
    document.body.classList.remove('signed-out');
    $('signin').hidden = true;
    $('dashboard').hidden = false;
    $('title').textContent = channel ? `${state.chatbot} · ${channel.name}` : state.chatbot;
    const day = (n) => longDate.format(new Date(n * DAY_MS));
    const range = p.first === p.last ? day(p.first) : `${day(p.first)} – ${day(p.last)}`;
    $('subtitle').textContent = `${range} · ${p.interval === 3600 ? 'hourly' : 'daily'} · ${p.timezone} · `
        + `${channel ? `${channel.type} channel` : 'all channels'}`;

    const conversations = c('CONVERSATION_COUNT');
    setTile('conversations', conversations.value, number.format(conversations.value), {trend: c('CONVERSATION_COUNT_PERIODIC_TREND')});
    const messages = c('MESSAGE_COUNT');
    const by = messages.byDirection || {};
    setTile('messages', messages.value, number.format(messages.value), {
      trend: c('MESSAGE_COUNT_PERIODIC_TREND'),
      detail: `${number.format(by.user || 0)} user · ${number.format(by.bot || 0)} bot · ${number.format(by.agent || 0)} agent`,
    });
    const interactions = c('INTERACTION_COUNT');
    setTile('interactions', interactions.value, number.format(interactions.value), {trend: c('INTERACTION_COUNT_PERIODIC_TREND')});
    const intents = c('INTENT_COUNT');
    setTile('intents', intents.value, number.format(intents.value), {detail: `${number.format(intents.distinct)} distinct`});
    const perConversation = c('CONVERSATION_MESSAGE_COUNT_MEDIAN');
    setTile('messagesPerConversation', perConversation.value, perConversation.value === null ? '–' : decimal.format(perConversation.value));
    const intentScore = c('INTENT_SCORE_MEDIAN');
    setTile('intentScore', intentScore.value, intentScore.value === null ? '–' : score.format(intentScore.value));
    const length = c('MESSAGE_LENGTH_MEDIAN');
    setTile('messageLength', length.value, length.value === null ? '–' : decimal.format(length.value));

    const kind = p.interval === 3600 ? 'bar' : 'line';
    seriesChart('chart-conversations', c('CONVERSATION_COUNT_INTERVAL'), p.interval, PALETTE[0], kind);
    seriesChart('chart-messages', c('MESSAGE_COUNT_INTERVAL'), p.interval, PALETTE[1], 'bar');
    seriesChart('chart-interactions', c('INTERACTION_COUNT_INTERVAL'), p.interval, PALETTE[2], kind);
    donutChart('chart-languages', c('CONVERSATION_LANGUAGES'), (i) => i.key, 'language');
    $('card-channel-types').hidden = !!channel;
    if (!channel) donutChart('chart-channel-types', c('CONVERSATION_BY_CHANNEL_TYPE'), (i) => i.key, 'channelType');
    barChart('chart-intents', c('INTENT_HITS'), (i) => i.key, PALETTE[0], 'intent');
    barChart('chart-steps', c('STEP_EXEC_COUNT'), (i) => i.label || i.key, PALETTE[5]);
    const keys = (component) => (component && component.items ? component.items.map((i) => i.key) : []);
    state.suggestions.language = keys(c('CONVERSATION_LANGUAGES'));
    state.suggestions.intent = keys(c('INTENT_HITS'));

    $('calls').hidden = !voice;
    if (voice) renderCalls(report.components, c('STEP_EXEC_COUNT'));
    renderInbox(inbox);
  }

  function renderCalls(components, steps) {
    // exit steps are step ids: show the names the steps were executed with
    const names = new Map((steps ? steps.items : []).filter((i) => i.label).map((i) => [i.key, i.label]));
    const total = components.CALL_DURATION_TOTAL;
    setTile('calls', total.calls, number.format(total.calls));
    setTile('callDuration', total.value, duration(total.value), {trend: components.CALL_DURATION_PERIODIC_TREND, formatPrevious: duration});
    const median = components.CALL_DURATION_MEDIAN;
    setTile('callDurationMedian', median.value, duration(median.value));
    const inputs = components.CALL_USER_INPUTS_MEDIAN;
    setTile('callUserInputs', inputs.value, inputs.value === null ? '–' : decimal.format(inputs.value));
    donutChart('chart-end-reasons', components.CALL_END_REASON);
    barChart('chart-exit-steps', components.CALL_EXIT_STEP, (i) => names.get(i.key) || i.key, PALETTE[3]);
    barChart('chart-transfer-targets', components.CALL_TRANSFER_TARGET, (i) => i.key, PALETTE[4]);
  }

  function renderInbox(inbox) {
    setTile('inboxOpened', inbox.opened, number.format(inbox.opened));
    setTile('inboxClosed', inbox.closed, number.format(inbox.closed));
    setTile('inboxOpenAtEnd', inbox.openAtEnd, number.format(inbox.openAtEnd));
    setTile('agentMessages', inbox.agentMessages, number.format(inbox.agentMessages));
    const fr = inbox.firstResponseSeconds;
    setTile('firstResponse', fr.median, duration(fr.median), {detail: fr.samples ? `median · p90 ${duration(fr.p90)}` : 'no hand-overs answered'});
    const res = inbox.resolutionSeconds;
    setTile('resolution', res.median, duration(res.median), {detail: res.samples ? `median · p90 ${duration(res.p90)}` : 'no hand-overs closed'});
    const body = $('agents').querySelector('tbody');
    body.textContent = '';
    if (inbox.agents.length === 0) {
      const row = body.insertRow();
      const cell = row.insertCell();
      cell.colSpan = 5;
      cell.className = 'empty';
      cell.textContent = 'No agent activity in this period';
      return;
    }
    for (const a of inbox.agents) {
      const row = body.insertRow();
      row.insertCell().textContent = a.agentId;
      for (const v of [number.format(a.assigned), number.format(a.closed), number.format(a.messages), duration(a.firstResponseSeconds.median)]) {
        const cell = row.insertCell();
        cell.className = 'num';
        cell.textContent = v;
      }
    }
  }

  // ---- export -------------------------------------------------------------------------------

  async function startExport() {
    const generation = ++state.exportGeneration;
    const panel = $('export-panel');
    const status = $('export-status');
    const bar = $('export-progress');
    const link = $('export-link');
    const button = $('export');
    panel.hidden = false;
    panel.dataset.status = 'pending';
    link.hidden = true;
    bar.style.width = '0';
    status.textContent = 'starting…';
    button.disabled = true;
    try {
      const p = period();
      const filters = filterParams();
      const job = await api(`${chatbotPath()}/export?${query({from: p.from, to: p.to, timezone: p.timezone})}`, filters.length
          ? {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({filters})}
          : {method: 'POST'});
      for (;;) {
        if (generation !== state.exportGeneration) return;
        const s = await api(`${chatbotPath()}/export/${encodeURIComponent(job.exportId)}`);
        panel.dataset.status = s.status;
        const progress = typeof s.progress === 'number' ? (s.progress > 1 ? s.progress / 100 : s.progress) : 0;
        bar.style.width = `${Math.round(progress * 100)}%`;
        if (s.status === 'completed') {
          bar.style.width = '100%';
          status.textContent = `ready${s.expiresAt ? ` · link valid until ${new Date(s.expiresAt).toLocaleString()}` : ''}`;
          link.href = s.downloadUrl;
          link.hidden = false;
          return;
        }
        if (s.status === 'failed' || s.status === 'expired') {
          status.textContent = s.status === 'failed' ? `failed: ${s.error || 'unknown error'}` : 'expired';
          return;
        }
        status.textContent = `${s.status} · ${Math.round(progress * 100)} %`;
        await new Promise((resolve) => setTimeout(resolve, 700));
      }
    } catch (e) {
      panel.dataset.status = 'failed';
      status.textContent = `failed: ${e.message}`;
    } finally {
      if (generation === state.exportGeneration) button.disabled = false;
    }
  }

  // ---- sign-in, URL fragment and controls ---------------------------------------------------

  function showSignin(message) {
    document.body.classList.add('signed-out');
    $('dashboard').hidden = true;
    $('signin').hidden = false;
    showError(message || '');
    $('signin-chatbot').value = state.chatbot || localStorage.getItem(CHATBOT_STORAGE) || '';
    (state.key ? $('signin-chatbot') : $('key-input')).focus();
    setState('signin');
  }

  /** Demo links carry the key and chatbot ids in the fragment (never sent to a server): take them, then drop them. */
  function readFragment() {
    if (!location.hash || location.hash.length < 2) return;
    const params = new URLSearchParams(location.hash.slice(1));
    if (params.get('key')) {
      state.key = params.get('key');
      sessionStorage.setItem(KEY_STORAGE, state.key);
    }
    const ids = (params.get('chatbots') || '').split(',').map((s) => s.trim()).filter(Boolean);
    for (const id of ids.slice().reverse()) rememberChatbot(id);
    history.replaceState(null, '', location.pathname + location.search);
  }

  function selectPreset(preset) {
    state.preset = preset;
    for (const b of $('presets').querySelectorAll('button')) {
      b.setAttribute('aria-pressed', String(b.dataset.preset === preset));
    }
    $('custom-range').hidden = preset !== 'custom';
  }

  function wire() {
    $('presets').addEventListener('click', (e) => {
      const preset = e.target.dataset && e.target.dataset.preset;
      if (!preset) return;
      selectPreset(preset);
      if (preset === 'custom') {
        const today = dayOf(Date.now(), state.zone);
        if (!$('custom-from').value) $('custom-from').value = dateInputValue(today - 13);
        if (!$('custom-to').value) $('custom-to').value = dateInputValue(today);
      }
      refresh();
    });
    $('timezone').addEventListener('change', (e) => {
      setZone(e.target.value);
      refresh();
      pollLive();
    });
    $('filter-key').addEventListener('change', suggestFilterValues);
    $('filter-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const chosen = $('filter-key').value;
      const key = chosen === 'attr' ? `attr.${$('filter-attr').value.trim()}` : chosen;
      const value = $('filter-value').value.trim();
      if (key === 'attr.' || !value) return;
      $('filter-value').value = '';
      addFilter(key, value);
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) pollLive();
    });
    setInterval(pollLive, LIVE_POLL_MS);
    for (const id of ['custom-from', 'custom-to']) $(id).addEventListener('change', refresh);
    $('channel').addEventListener('change', (e) => {
      state.channel = e.target.value;
      refresh();
      restartLive();
    });
    $('chatbot').addEventListener('change', (e) => {
      if (e.target.value.trim()) openChatbot(e.target.value);
    });
    $('picker').addEventListener('submit', (e) => {
      e.preventDefault();
      if ($('chatbot').value.trim()) openChatbot($('chatbot').value);
    });
    $('signin-form').addEventListener('submit', (e) => {
      e.preventDefault();
      if ($('key-input').value.trim()) {
        state.key = $('key-input').value.trim();
        sessionStorage.setItem(KEY_STORAGE, state.key);
        $('key-input').value = '';
      }
      openChatbot($('signin-chatbot').value);
    });
    $('forget-key').addEventListener('click', () => {
      sessionStorage.removeItem(KEY_STORAGE);
      state.key = '';
      showSignin();
    });
    $('export').addEventListener('click', startExport);
    $('export-close').addEventListener('click', () => {
      state.exportGeneration++;
      $('export-panel').hidden = true;
      $('export').disabled = false;
    });
    let resizeTimer;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => Object.values(charts).forEach((ch) => ch.resize()), 120);
    });
  }

  function start() {
    fillZones();
    setZone(BROWSER_ZONE);
    renderChips();
    suggestFilterValues();
    renderRecent();
    readFragment();
    wire();
    selectPreset('30');
    const chatbot = localStorage.getItem(CHATBOT_STORAGE) || '';
    if (state.key && chatbot) {
      openChatbot(chatbot);
    } else {
      showSignin();
    }
  }

  start();
})();
