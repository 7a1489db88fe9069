// Workshop webview script. Receives typed messages; HTML it inserts was rendered by markdown-it with raw HTML disabled.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const log = $('log');
  const input = $('input');
  const proposal = $('proposal');

  function entry(id, role, html, meta) {
    let el = document.querySelector('[data-id="' + CSS.escape(id) + '"]');
    if (!el) {
      el = document.createElement('article');
      el.dataset.id = id;
      el.className = 'msg ' + role;
      const m = document.createElement('div');
      m.className = 'meta';
      const b = document.createElement('div');
      b.className = 'body';
      el.append(m, b);
      log.append(el);
    }
    el.querySelector('.meta').textContent = meta || (role === 'assistant' ? 'streaming…' : '');
    el.querySelector('.body').innerHTML = html;
    el.scrollIntoView({ block: 'end' });
  }

  window.addEventListener('message', (event) => {
    const m = event.data;
    switch (m && m.type) {
      case 'conversation':
        log.textContent = '';
        for (const x of m.messages) entry(x.id, x.role, x.html, x.meta);
        break;
      case 'delta':
        entry(m.messageId, 'assistant', m.html, '');
        break;
      case 'state':
        $('send').disabled = m.runInProgress || m.hasDraft;
        $('propose').disabled = m.runInProgress || m.hasDraft;
        $('cancel').disabled = !m.runInProgress;
        for (const id of ['review', 'publish', 'discard']) $(id).hidden = !m.hasDraft;
        $('state').textContent = (m.model ? 'Model: ' + m.model : '') + (m.hasDraft ? ' · Draft pending review' : '') + (m.runInProgress ? ' · running…' : '');
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
  for (const id of ['cancel', 'propose', 'review', 'publish', 'discard']) {
    $(id).addEventListener('click', () => vscode.postMessage({ type: id }));
  }
  vscode.postMessage({ type: 'ready' });
})();
