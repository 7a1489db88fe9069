// Workshop webview script. Receives typed messages; HTML it inserts was rendered by markdown-it with raw HTML disabled.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const log = $('log');
  const input = $('input');
  const proposal = $('proposal');
  let running = false;
  let hasDraft = false;
  let countdownTimer;
  // The last run's failure stays below the conversation (redraws keep it) until the next run starts.
  let lastFailure;

  function button(label, title, onClick) {
    const b = document.createElement('button');
    b.className = 'link';
    b.textContent = label;
    b.title = title;
    b.addEventListener('click', onClick);
    return b;
  }

  function entry(id, role, html, meta, retryable) {
    let el = document.querySelector('[data-id="' + CSS.escape(id) + '"]');
    if (!el) {
      el = document.createElement('article');
      el.dataset.id = id;
      el.className = 'msg ' + role;
      const head = document.createElement('div');
      head.className = 'head';
      const m = document.createElement('span');
      m.className = 'meta';
      const actions = document.createElement('span');
      actions.className = 'actions';
      if (role !== 'system') {
        actions.append(button('Copy', 'Copy this message', () => vscode.postMessage({ type: 'copy', messageId: id })));
      }
      if (retryable) {
        const r = button('Retry', 'Ask for the reply to this message again', () => vscode.postMessage({ type: 'retry', messageId: id }));
        r.classList.add('retry');
        actions.append(r);
      }
      head.append(m, actions);
      const b = document.createElement('div');
      b.className = 'body';
      el.append(head, b);
      log.append(el);
    }
    el.querySelector('.meta').textContent = meta || (role === 'assistant' ? 'streaming…' : '');
    el.querySelector('.body').innerHTML = html;
    el.scrollIntoView({ block: 'end' });
    return el;
  }

  function updateButtons() {
    $('send').disabled = running || hasDraft;
    $('propose').disabled = running || hasDraft;
    $('cancel').disabled = !running;
    for (const b of document.querySelectorAll('.retry')) b.disabled = running || hasDraft;
  }

  function showFailure(f) {
    for (const id of f.messageIds) {
      const el = document.querySelector('[data-id="' + CSS.escape(id) + '"]');
      if (el) {
        el.classList.add('failed');
        el.querySelector('.meta').textContent = 'failed: incomplete reply';
      }
    }
    const p = document.createElement('div');
    p.className = 'failure';
    const t = document.createElement('span');
    t.textContent = f.text;
    p.append(t);
    if (f.retry) {
      const r = document.createElement('button');
      r.className = 'retryFailed';
      const go = () => vscode.postMessage(f.retry.messageId ? { type: 'retry', messageId: f.retry.messageId } : { type: 'retry' });
      r.addEventListener('click', () => { r.disabled = true; go(); });
      p.append(' ', r);
      let left = Math.ceil(f.retry.afterSeconds || 0);
      const label = () => { r.textContent = left > 0 ? 'Retry in ' + fmt(left) : 'Retry'; r.disabled = left > 0; };
      label();
      if (left > 0) {
        clearInterval(countdownTimer);
        countdownTimer = setInterval(() => { left--; label(); if (left <= 0) clearInterval(countdownTimer); }, 1000);
      }
    }
    lastFailure = p;
    log.append(p);
    p.scrollIntoView({ block: 'end' });
  }

  function fmt(s) {
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    switch (m && m.type) {
      case 'conversation':
        log.textContent = '';
        for (const x of m.messages) entry(x.id, x.role, x.html, x.meta, x.retryable);
        if (lastFailure) {
          log.append(lastFailure);
          lastFailure.scrollIntoView({ block: 'end' });
        }
        updateButtons();
        break;
      case 'delta':
        entry(m.messageId, 'assistant', m.html, '');
        break;
      case 'state':
        running = m.runInProgress;
        hasDraft = m.hasDraft;
        updateButtons();
        for (const id of ['review', 'publish', 'discard']) $(id).hidden = !m.hasDraft;
        $('model').textContent = m.model ? 'Model: ' + m.model + (m.modelReady ? '' : ' (provider not ready)') : '';
        $('model').classList.toggle('warning', !m.modelReady);
        $('state').textContent = (m.hasDraft ? ' · Draft pending review' : '') + (m.runInProgress ? ' · running…' : '');
        break;
      case 'scope': {
        $('clutter').textContent = m.clutter;
        $('scopeSummary').textContent = 'Files in scope (' + m.files.length + ')';
        const ul = $('files');
        ul.textContent = '';
        for (const f of m.files) {
          const li = document.createElement('li');
          li.className = 'file';
          const name = document.createElement('span');
          name.className = 'path';
          name.textContent = f.path;
          const tokens = document.createElement('span');
          tokens.className = 'tokens';
          tokens.textContent = f.tokens || '';
          const size = document.createElement('span');
          size.className = 'size';
          size.textContent = f.size;
          li.append(name, tokens, size);
          li.title = f.path + ': ' + (f.tokens ? f.tokens + ' of the next request, ' : '') + f.size;
          ul.append(li);
        }
        if (m.other) {
          const li = document.createElement('li');
          li.className = 'other';
          li.textContent = m.other;
          ul.append(li);
        }
        break;
      }
      case 'working':
        if (m.text && lastFailure) {
          lastFailure.remove();
          lastFailure = undefined;
        }
        $('working').hidden = !m.text;
        $('workingText').textContent = m.text || '';
        break;
      case 'failed':
        showFailure(m.failure);
        break;
      case 'engine':
        document.body.dataset.engine = m.running ? String(m.generation) : 'down';
        $('banner').hidden = m.running;
        $('banner').textContent = m.running ? '' : 'The Trestle engine is not running; it restarts on its own. This panel reconnects when it is back.';
        break;
      case 'proposal': {
        proposal.hidden = false;
        proposal.textContent = '';
        const h = document.createElement('h3');
        h.textContent = 'Proposed changes';
        const s = document.createElement('div');
        s.innerHTML = m.summaryHtml;
        const ul = document.createElement('ul');
        for (const w of m.writes) {
          const li = document.createElement('li');
          li.textContent = w.path + ' (' + w.bytes + ' bytes)';
          ul.append(li);
        }
        for (const w of m.warnings) {
          const li = document.createElement('li');
          li.className = 'warning';
          li.textContent = 'Warning: ' + w;
          ul.append(li);
        }
        const apply = document.createElement('button');
        apply.textContent = 'Apply to a Draft';
        apply.addEventListener('click', () => { vscode.postMessage({ type: 'apply', proposalId: m.proposalId }); proposal.hidden = true; });
        const dismiss = document.createElement('button');
        dismiss.textContent = 'Dismiss';
        dismiss.addEventListener('click', () => { vscode.postMessage({ type: 'dismiss', proposalId: m.proposalId }); proposal.hidden = true; });
        proposal.append(h, s, ul, apply, dismiss);
        break;
      }
      case 'restoreInput':
        if (!input.value) input.value = m.text;
        break;
      case 'notice': {
        const p = document.createElement('p');
        p.className = 'notice';
        p.textContent = m.text;
        log.append(p);
        break;
      }
    }
  });

  $('send').addEventListener('click', () => {
    const text = input.value;
    if (text.trim()) {
      vscode.postMessage({ type: 'send', text });
      input.value = '';
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) $('send').click();
  });
  for (const id of ['cancel', 'propose', 'review', 'publish', 'discard', 'addFiles']) {
    $(id).addEventListener('click', () => vscode.postMessage({ type: id }));
  }
  $('model').addEventListener('click', () => vscode.postMessage({ type: 'pickModel' }));
  vscode.postMessage({ type: 'ready' });
})();
