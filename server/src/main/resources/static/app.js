// Sextant dashboard: reads the statistics API with a key kept in this tab's sessionStorage.
'use strict';

(() => {
  const KEY_STORAGE = 'sextant.key';
  const RECENT_STORAGE = 'sextant.recentChatbots';
  const CHATBOT_STORAGE = 'sextant.chatbot';
  const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#14b8a6', '#f97316', '#64748b', '#ec4899'];
  const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const OVERVIEW = ['CONVERSATION_COUNT', 'CONVERSATION_COUNT_INTERVAL', 'CONVERSATION_COUNT_PERIODIC_TREND',
    'CONVERSATION_LANGUAGES', 'CONVERSATION_MESSAGE_COUNT_MEDIAN', 'MESSAGE_COUNT', 'MESSAGE_COUNT_INTERVAL',
    'MESSAGE_COUNT_PERIODIC_TREND', 'MESSAGE_LENGTH_MEDIAN', 'INTENT_HITS', 'INTENT_SCORE_MEDIAN', 'INTENT_COUNT',
    'INTERACTION_COUNT', 'INTERACTION_COUNT_INTERVAL', 'INTERACTION_COUNT_PERIODIC_TREND', 'STEP_EXEC_COUNT'];
  const OVERVIEW_ONLY = ['CONVERSATION_BY_CHANNEL_TYPE'];
  const CALLS = ['CALL_DURATION_TOTAL', 'CALL_DURATION_PERIODIC_TREND', 'CALL_DURATION_MEDIAN', 'CALL_EXIT_STEP',
    'CALL_USER_INPUTS_MEDIAN', 'CALL_END_REASON', 'CALL_TRANSFER_TARGET'];

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat(undefined);
  const decimal = new Intl.NumberFormat(undefined, {maximumFractionDigits: 1});
  const score = new Intl.NumberFormat(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 3});
  const percent = new Intl.NumberFormat(undefined, {style: 'percent', maximumFractionDigits: 1});
  const dayLabel = new Intl.DateTimeFormat(undefined, {weekday: 'short', day: 'numeric', month: 'short', timeZone: ZONE});
  const hourLabel = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', timeZone: ZONE});
  const longDate = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeZone: ZONE});

  const state = {
    key: sessionStorage.getItem(KEY_STORAGE) || '',
    chatbot: '',
    channel: '',
    channels: [],
    preset: '30',
    generation: 0,
    exportGeneration: 0,
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

  // ---- period -------------------------------------------------------------------------------

  function localMidnight(date, plusDays = 0) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate() + plusDays);
  }

  function parseDateInput(value) {
    const [y, m, d] = value.split('-').map(Number);
    return new Date(y, m - 1, d);
  }

  function dateInputValue(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }

  /** The selected period as whole local days in the browser's time zone. */
  function period() {
    const today = localMidnight(new Date());
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
      first = localMidnight(today, -(Number(state.preset) - 1));
    }
    const from = first;
    const to = new Date(localMidnight(last, 1).getTime() - 1);
    const singleDay = localMidnight(from, 1).getTime() > to.getTime();
    return {from: from.toISOString(), to: to.toISOString(), interval: singleDay ? 3600 : 86400, timezone: ZONE, first, last};
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
      const t = extra.trend;
      if (t) {
        trendEl.dataset.change = t.change === null ? '' : String(t.change);
        if (t.change === null) {
          trendEl.textContent = t.current > 0 ? 'new' : '±0';
        } else {
          trendEl.textContent = `${t.change > 0 ? '▲' : t.change < 0 ? '▼' : ''} ${percent.format(Math.abs(t.change))}`.trim();
          trendEl.classList.add(t.change > 0 ? 'up' : t.change < 0 ? 'down' : 'flat');
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
    return (interval === 3600 ? hourLabel : dayLabel).format(new Date(iso));
  }

  function seriesChart(id, component, interval, color, kind) {
    if (!component || !component.buckets || component.buckets.length === 0) {
      empty(id);
      return;
    }
    const labels = component.buckets.map((b) => bucketLabel(b.start, interval));
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

  function donutChart(id, component, nameOf = (item) => item.key) {
    if (!component || !component.items || component.total === 0) {
      empty(id);
      return;
    }
    const items = component.items.slice(0, 8);
    const rest = component.items.slice(8).reduce((sum, item) => sum + item.count, 0);
    const data = items.map((item) => ({name: nameOf(item), value: item.count}));
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
  }

  function barChart(id, component, nameOf = (item) => item.key, color = PALETTE[0]) {
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
      series: [{type: 'bar', data: items.map((i) => i.count), barMaxWidth: 16, itemStyle: {borderRadius: [0, 4, 4, 0]},
        label: {show: true, position: 'right', color: '#6b7280', formatter: (p) => number.format(p.value)}}],
    }, true);
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
    state.chatbot = id.trim();
    state.channel = '';
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
      const params = {from: p.from, to: p.to, interval: p.interval, components: names.join(','), timezone: p.timezone};
      const reportPath = channel
          ? `${chatbotPath()}/reports/channel?${query({...params, channelId: channel.id})}`
          : `${chatbotPath()}/reports/overview?${query(params)}`;
      const inboxPath = `${chatbotPath()}/inbox?${query({from: p.from, to: p.to, channelId: channel ? channel.id : ''})}`;
      const [report, inbox] = await Promise.all([api(reportPath), api(inboxPath)]);
      if (generation !== state.generation) return;
      render(report, inbox, p, channel, voice);
      // what is on screen, for people reading the page source and for the browser test
      Object.assign(document.body.dataset, {from: p.from, to: p.to, interval: String(p.interval), timezone: p.timezone,
        chatbot: state.chatbot, channel: state.channel, renders: String(Number(document.body.dataset.renders || 0) + 1)});
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
    const range = p.first.getTime() === p.last.getTime()
        ? longDate.format(p.first) : `${longDate.format(p.first)} – ${longDate.format(p.last)}`;
    $('subtitle').textContent = `${range} · ${p.interval === 3600 ? 'hourly' : 'daily'} · ${channel ? `${channel.type} channel` : 'all channels'}`;

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
    donutChart('chart-languages', c('CONVERSATION_LANGUAGES'));
    $('card-channel-types').hidden = !!channel;
    if (!channel) donutChart('chart-channel-types', c('CONVERSATION_BY_CHANNEL_TYPE'));
    barChart('chart-intents', c('INTENT_HITS'), (i) => i.key, PALETTE[0]);
    barChart('chart-steps', c('STEP_EXEC_COUNT'), (i) => i.label || i.key, PALETTE[5]);

    $('calls').hidden = !voice;
    if (voice) renderCalls(report.components, c('STEP_EXEC_COUNT'));
    renderInbox(inbox);
    requestAnimationFrame(() => Object.values(charts).forEach((ch) => ch.resize()));
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
      const job = await api(`${chatbotPath()}/export?${query({from: p.from, to: p.to, timezone: p.timezone})}`, {method: 'POST'});
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
        if (!$('custom-from').value) $('custom-from').value = dateInputValue(localMidnight(new Date(), -13));
        if (!$('custom-to').value) $('custom-to').value = dateInputValue(new Date());
      }
      refresh();
    });
    for (const id of ['custom-from', 'custom-to']) $(id).addEventListener('change', refresh);
    $('channel').addEventListener('change', (e) => {
      state.channel = e.target.value;
      refresh();
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
    $('zone').textContent = ZONE;
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
