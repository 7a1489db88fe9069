// Playwright driver for the e2e run (started by scripts/e2e.sh). Each step waits for DOM state (never for time),
// asserts on it and saves a screenshot. On failure it prints the engine's log, the simulator's log and the
// extension's output channels (JSON-RPC trace included).
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const URL = process.env.E2E_URL;
const RUN = process.env.E2E_RUN;
const SHOTS = process.env.E2E_SCREENSHOTS;
const ENGINE = process.env.E2E_ENGINE;
const SIM_URL = process.env.E2E_SIM_URL;
const SIM_CA = process.env.E2E_SIM_CA;
const ENGINE_DATA = process.env.E2E_ENGINE_DATA;
const TIMEOUT = 30_000;

const STATUS_ITEMS = '#workbench\\.parts\\.statusbar .statusbar-item';
const PALETTE_INPUT = '.quick-input-widget .quick-input-box input';
const PALETTE_ROWS = '.quick-input-list .monaco-list-row';
const TOASTS = '.notifications-toasts .notification-toast';

const STREAMED_CHUNKS = ['Hello from the ', '**provider simulator**: ', 'notes.txt is 20000 characters of x.'];
const PROPOSAL = {
  summary: 'Adds **summary.md** describing notes.txt.',
  no_changes: false,
  writes: [{ path: 'summary.md', content: '# Summary\n\nnotes.txt holds 20000 letters x.\n' }],
  warnings: [],
};

// Touches two files: the review rejects the first and accepts the second.
const SHORT_NOTES = 'notes, shortened\n';
const TODO = '# To do\n\n- review the Draft file by file\n';
const TWO_FILE_PROPOSAL = {
  summary: 'Shortens **notes.txt** and adds **todo.md**.',
  no_changes: false,
  writes: [{ path: 'notes.txt', content: SHORT_NOTES }, { path: 'todo.md', content: TODO }],
  warnings: [],
};

/** Calls the simulator's admin API (`/_sim/...`) over HTTPS trusting only its CA. */
function sim(method, route, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(`${SIM_URL}${route}`, {
      method, ca: fs.readFileSync(SIM_CA), headers: { 'content-type': 'application/json' },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`simulator ${route}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

function filesUnder(dir, test) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (test(p, e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Pid of the engine this run's extension host started (its jar lives under the run folder), or undefined. */
function enginePid() {
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes('trestle-server.jar') && cmd.includes(RUN)) return Number(d);
  }
  return undefined;
}

/**
 * Writes the machine (Remote tab) settings of this run, where code-server keeps machine-scoped settings such as
 * trestle.java.home; the server watches this file.
 */
function writeMachineSettings(settings) {
  const file = path.join(RUN, 'ud', 'Machine', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

function printLogs() {
  const logs = [
    ...filesUnder(path.join(RUN, 'ud', 'logs'), (p, n) => /output_logging|exthost/i.test(p) && n.endsWith('.log') && !/Git|GitHub|Telemetry/.test(n)),
    ...(ENGINE_DATA ? filesUnder(path.join(ENGINE_DATA, 'logs'), (p, n) => n.endsWith('.log')) : []),
    path.join(RUN, 'simulator.log'),
  ];
  for (const f of logs.filter((x) => fs.existsSync(x))) {
    console.log(`\n===== ${f}\n${fs.readFileSync(f, 'utf8').slice(-6000)}`);
  }
}

async function main() {
  const profile = path.join(RUN, 'chrome');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // The Workshop's Copy goes through the browser's clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new globalThis.URL(URL).origin });
  page.setDefaultTimeout(TIMEOUT);
  let n = 0;
  const shot = async (name) => {
    n++;
    await page.screenshot({ path: path.join(SHOTS, `${String(n).padStart(2, '0')}-${name}.png`) });
  };

  const quickInput = page.locator('.quick-input-widget');
  // Runs a command from the palette, opened by clicking the title bar's command center (a key press can land in a
  // webview that is taking focus). Enter is pressed only once the focused row is that command: clicking a row can
  // hit another one while the list re-sorts ("similar commands" arrive late).
  // Whatever has focus first lets go of it (the page body keeps it, where keys do nothing): when the palette closes,
  // VS Code gives focus back to what had it, and a webview (the Workshop) takes it back asynchronously, late enough to
  // blur, and so close, the quick pick the command has just opened.
  // The last palette command whose quick pick has not been picked from yet (see `pick`).
  let reopenable;
  const palette = async (command) => {
    reopenable = command;
    await quickInput.waitFor({ state: 'hidden' });
    await page.evaluate(() => document.activeElement?.blur?.());
    await page.locator('.command-center .command-center-center').click();
    // Off the command center (to an empty part of the title bar): its hover tooltip would lie over the palette's rows.
    await page.mouse.move(200, 16);
    const input = page.locator(PALETTE_INPUT);
    await input.waitFor();
    await input.fill(`>${command}`);
    await page.locator(`${PALETTE_ROWS}.focused`, { hasText: command }).waitFor();
    await input.press('Enter');
  };
  // Picks a row of an open quick pick titled `title`.
  // A webview the driver typed into (Playwright focuses its iframe programmatically) can take focus back a moment
  // after the palette ran and so close the quick pick the command opened; a person's key press does not race like
  // that. When the first quick pick after a palette command is found closed, the command is run once more (logged),
  // never more than once, and never for a later quick pick of the same flow.
  const pick = async (title, text) => {
    const titled = page.locator('.quick-input-widget .quick-input-title', { hasText: title });
    const command = reopenable;
    reopenable = undefined;
    try {
      await titled.waitFor({ timeout: command ? 10_000 : 30_000 });
    } catch (err) {
      if (!command || await quickInput.isVisible()) throw err;
      console.log(`e2e: the quick pick "${title}" closed before it could be used (focus taken back by a webview); running "${command}" again`);
      await palette(command);
      reopenable = undefined;
      await titled.waitFor();
    }
    await page.locator(PALETTE_ROWS, { hasText: text }).first().click();
  };
  // Waits for the input box showing `prompt` (not the closing palette), types and accepts.
  const typeInput = async (prompt, text) => {
    await page.locator('.quick-input-widget', { hasText: prompt }).waitFor();
    const input = page.locator(PALETTE_INPUT);
    await input.fill(text);
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.value === v, [PALETTE_INPUT, text]);
    await input.press('Enter');
  };
  const toast = (text) => page.locator(TOASTS, { hasText: text }).first().waitFor();
  const statusItem = (prefix) => page.locator(STATUS_ITEMS, { hasText: prefix }).first();
  const treeRow = (text) => page.locator('.pane-body .monaco-list-row', { hasText: text }).first();
  // A view of the Trestle container by its title, and a row of it. Locators, re-resolved at each use: a row is never
  // kept as a handle across a redraw.
  const pane = (title) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) });
  const viewRow = (title, text) => pane(title).locator('.monaco-list-row', { hasText: text }).first();
  const expandView = async (title) => {
    const header = page.locator('.pane-header', { hasText: title }).first();
    if (await header.getAttribute('aria-expanded') !== 'true') {
      await header.click();
    }
    await page.locator('.pane-header[aria-expanded="true"]', { hasText: title }).first().waitFor();
  };
  const collapseView = async (title) => {
    const header = page.locator('.pane-header', { hasText: title }).first();
    if (await header.getAttribute('aria-expanded') === 'true') {
      await header.click();
    }
    await page.locator('.pane-header[aria-expanded="false"]', { hasText: title }).first().waitFor();
  };
  // File names of a view's rows, top to bottom.
  const rowNames = async (title) => (await pane(title).locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
  // The engine's copy of a Workbench file (the Workbench folders live under the run folder).
  const engineFile = (area, name) => {
    const found = filesUnder(RUN, (p) => p.endsWith(`${path.sep}${area}${path.sep}${name}`) && !p.includes(`${path.sep}workspace${path.sep}`));
    if (found.length !== 1) throw new Error(`expected one ${area}/${name} under the run folder, found ${found.length}: ${found.join(', ')}`);
    return fs.readFileSync(found[0], 'utf8');
  };
  const statusChanged = (prefix, before) => page.waitForFunction(([sel, p, prev]) => [...document.querySelectorAll(sel)]
    .some((e) => e.textContent.includes(p) && e.textContent !== prev), [STATUS_ITEMS, prefix, before]);
  // The Workshop webview: VS Code nests the extension's document in an inner iframe. The editor tab's outer frame has
  // no `purpose`; the sidebar view's says `webviewView`.
  const workshop = () => page.frameLocator('iframe.webview.ready:not([src*="purpose=webviewView"])').frameLocator('iframe#active-frame');
  const sidebarWorkshop = () => page.frameLocator('iframe.webview.ready[src*="purpose=webviewView"]').frameLocator('iframe#active-frame');
  const modal = page.locator('.monaco-dialog-box');
  const modalButton = (name) => modal.getByRole('button', { name, exact: true });
  // Sends a message in the Workshop, accepting the consent modal if this engine run asks for it, until `until` shows.
  const sendInWorkshop = async (text, until) => {
    const ws = workshop();
    await ws.locator('#send:not([disabled])').waitFor();
    await ws.locator('#input').fill(text);
    await ws.locator('#send').click();
    await consentIfAsked(until);
  };
  // Waits for `until`, accepting the consent modal on the way if this scope has not been consented to yet.
  const consentIfAsked = async (until) => {
    const first = await Promise.race([modal.waitFor().then(() => 'modal'), until.waitFor().then(() => 'done')]);
    if (first === 'modal') {
      await modalButton('Continue').click();
      await modal.waitFor({ state: 'hidden' });
      await until.waitFor();
    }
  };
  const clearToasts = async () => {
    await palette('Notifications: Clear All Notifications');
    await page.locator(TOASTS).first().waitFor({ state: 'detached' });
  };
  // Text anywhere a person could read it: the window (toasts, views) and the Workshop webview.
  const visibleText = async () => `${await page.locator('body').innerText()}\n${await workshop().locator('body').innerText().catch(() => '')}`;

  // [name, fn, needsRealEngine]
  const steps = [
    ['trestle view appears and the engine starts', async () => {
      await page.goto(URL);
      await page.waitForSelector('.monaco-workbench');
      const icon = page.locator('.activitybar .action-item a[aria-label^="Trestle"], .activitybar .action-label[aria-label^="Trestle"]').first();
      await icon.click();
      await page.locator('.pane-header', { hasText: 'Workbenches' }).first().waitFor();
      await page.locator('.pane-header', { hasText: 'Checkpoints' }).first().waitFor();
      // Shown only once the engine answered the handshake (context trestle.engineState == ready).
      await page.locator('.pane-body', { hasText: 'No Workbench yet' }).first().waitFor();
      // Onboarding from a fresh profile: no provider is ready, so the welcome view leads with the provider.
      await page.locator('.pane-body a', { hasText: 'Set Up a Provider' }).first().waitFor();
      await page.locator('.pane-body a', { hasText: 'Open the Walkthrough' }).first().waitFor();
    }],
    ['create workbench from the command palette', async () => {
      await palette('Trestle: Create Workbench');
      await typeInput('Name of the new Workbench', 'E2E Bench');
      await toast('Workbench "E2E Bench" created.');
      await treeRow('E2E Bench').waitFor();
      await statusItem('Clutter').waitFor();
    }],
    ['add a file and see clutter change', async () => {
      const before = await statusItem('Clutter').innerText();
      const storeTitle = page.locator('.pane-header', { hasText: 'Checkpoints' }).first();
      await storeTitle.locator('.description', { hasText: 'store 0 objects' }).waitFor();
      await palette('Trestle: Add Files to Workbench');
      // code-server's file dialog is the simple (quick input) dialog. It opens on the workspace folder: pick the
      // file row, which fills the path, then accept.
      const input = page.locator(PALETTE_INPUT);
      await page.locator(PALETTE_ROWS, { hasText: 'notes.txt' }).first().click();
      await page.waitForFunction((sel) => document.querySelector(sel)?.value.endsWith('notes.txt'), PALETTE_INPUT);
      if (await input.isVisible()) {
        await input.press('Enter');
      }
      await toast('Added 1 file to the Workbench.');
      await treeRow('notes.txt').waitFor();
      await statusChanged('Clutter', before);
      const after = await statusItem('Clutter').innerText();
      // o200k counts of the next request (algorithms.md §6): the 20 kB file takes a few percent of gpt-5.2's usable
      // window, never 0 % and never past Light.
      const pct = /Light (\d+)%/.exec(after);
      if (!pct || Number(pct[1]) < 1 || Number(pct[1]) > 10) throw new Error(`clutter text after adding 20 kB of text: ${after}`);
      // The Checkpoints title counts the content store, which the added file went into: it must not stay stale.
      await storeTitle.locator('.description', { hasText: 'store 1 objects' }).waitFor();
    }],
    ['a read-only copy opens from the Workbenches tree', async () => {
      await viewRow('Workbenches', 'notes.txt').click();
      const tab = page.locator('.tab.active', { hasText: 'notes.txt' });
      await tab.waitFor();
      const editor = page.locator('#workbench\\.parts\\.editor .monaco-editor').first();
      await editor.locator('.view-lines', { hasText: 'xxxxxxxx' }).waitFor();
      // Typing is refused with VS Code's read-only message, and the copy stays clean.
      await editor.locator('.view-lines').click();
      await page.keyboard.type('a');
      await page.locator('.monaco-editor-overlaymessage', { hasText: 'Cannot edit in read-only editor' }).waitFor();
      if (await page.locator('.tab.dirty', { hasText: 'notes.txt' }).count() !== 0) throw new Error('the read-only copy became dirty');
      await shot('read-only-copy');
      await tab.locator('.codicon-close').click();
      await tab.waitFor({ state: 'detached' });
    }],
    ['readiness before consent: a provider without a key is named, nothing asked or stored', async () => {
      // The status bar marks the active model whose provider has no key.
      await statusItem('add an API key').waitFor();
      await palette('Trestle: Open Workshop');
      const ws = workshop();
      await ws.locator('#model', { hasText: 'provider not ready' }).waitFor();
      await ws.locator('#scopeSummary', { hasText: 'Files in scope (1)' }).waitFor();
      await ws.locator('#input').fill('Is anyone there?');
      await ws.locator('#send').click();
      const failure = ws.locator('.failure', { hasText: 'has no API key or is disabled' });
      await failure.waitFor();
      if (!/^(OpenAI|Anthropic|Google|Mistral) has no API key or is disabled, so \S+ cannot be used/.test(await failure.innerText())) {
        throw new Error(`the failure does not name provider and model: ${await failure.innerText()}`);
      }
      const t = page.locator(TOASTS, { hasText: 'has no API key or is disabled' }).first();
      await t.getByRole('button', { name: 'Open Provider Settings' }).waitFor();
      if (await modal.count() !== 0) throw new Error('consent was asked for a provider that cannot be called');
      if (await ws.locator('#input').inputValue() !== 'Is anyone there?') throw new Error('the message was not given back');
      if (await ws.locator('.msg.user').count() !== 0) throw new Error('the unanswered message was stored');
      await shot('readiness-before-consent');
      await clearToasts();
      await ws.locator('#input').fill('');
    }, true],
    ['a failed key validation names the provider and leaves no spinner', async () => {
      await sim('POST', '/_sim/script', { mistral: [{ status: 401 }] });
      await palette('Trestle: Manage Providers');
      await pick('Trestle Providers', 'Mistral');
      await pick('Mistral', 'API key');
      await typeInput('Sent once to the local engine', 'e2e-rejected-key');
      const err = page.locator(TOASTS, { hasText: 'rejected the API key' }).first();
      await err.waitFor();
      if (!/Mistral \(localhost:\d+\) rejected the API key/.test(await err.innerText())) throw new Error(`error does not name the provider: ${await err.innerText()}`);
      // The spinner goes with the call (before the fix it stayed until the error was dismissed).
      await page.locator(TOASTS, { hasText: 'Validating' }).first().waitFor({ state: 'detached', timeout: 5000 });
      await shot('validation-error');
      await clearToasts();
      // The providers list comes back once the error is gone; close it.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Trestle Providers' }).waitFor();
      await page.keyboard.press('Escape');
      await quickInput.waitFor({ state: 'hidden' });
    }, true],
    ['set and validate a provider key (provider simulator)', async () => {
      await palette('Trestle: Manage Providers');
      await pick('Trestle Providers', 'Mistral');
      await pick('Mistral', 'API key');
      await typeInput('Sent once to the local engine', 'e2e-test-key-not-real');
      await toast('Mistral: key is valid.');
      // The providers list comes back with the new status and the simulator's host; close it.
      const row = page.locator(PALETTE_ROWS, { hasText: ENGINE === 'jar' ? /Mistral\s*Configured · localhost:\d+/ : /Mistral\s*Configured/ }).first();
      await row.waitFor();
      if (ENGINE === 'jar' && !/Validated today \d\d:\d\d/.test(await row.innerText())) throw new Error(`no human validation time in: ${await row.innerText()}`);
      await page.keyboard.press('Escape');
      await quickInput.waitFor({ state: 'hidden' });
      if (ENGINE === 'jar') {
        const reqs = await sim('GET', '/_sim/requests');
        if (!reqs.some((r) => r.provider === 'mistral' && r.method === 'GET' && r.path === '/mistral/v1/models')) {
          throw new Error(`the simulator saw no Mistral validation call: ${JSON.stringify(reqs)}`);
        }
      }
    }],
    ['switch model', async () => {
      const before = await statusItem('Clutter').innerText();
      await palette('Trestle: Switch Model');
      await page.locator(PALETTE_ROWS, { hasText: 'add an API key' }).first().waitFor();
      await pick('Switch the Workshop model', 'Mistral Large');
      await statusItem('Mistral Large').waitFor();
      await statusChanged('Clutter', before);
    }],
    ['create a checkpoint', async () => {
      await palette('Trestle: Create Checkpoint');
      await typeInput('Optional description', 'e2e checkpoint');
      await toast('Checkpoint created.');
      await treeRow('[Manual] e2e checkpoint').waitFor();
    }],
    ['restore the checkpoint', async () => {
      await palette('Trestle: Restore Checkpoint');
      await pick('Restore Checkpoint', 'e2e checkpoint');
      await modal.waitFor();
      if (!/pre-restore checkpoint/.test(await modal.innerText())) throw new Error('restore confirmation does not say what changes');
      await modalButton('Restore').click();
      await toast('Checkpoint restored.');
      await treeRow('[Pre-restore]').waitFor();
    }],
    ['stream a reply in the Workshop after consent', async () => {
      await sim('POST', '/_sim/reset');
      await sim('POST', '/_sim/script', { mistral: [{ chunks: STREAMED_CHUNKS }] });
      await palette('Trestle: Open Workshop');
      const ws = workshop();
      const question = 'Describe notes.txt in one line.';
      await ws.locator('#input').fill(question);
      await ws.locator('#send').click();
      // Declining the consent modal sends nothing, stores no message and gives the text back.
      await modal.waitFor();
      await modalButton('Cancel').click();
      await ws.locator('.notice', { hasText: 'Nothing was sent: consent was not given.' }).waitFor();
      // The extension posts the text back before the notice, so it is there by now.
      const restored = await ws.locator('#input').inputValue();
      if (restored !== question) throw new Error(`input not restored after declining: "${restored}"`);
      if (await ws.locator('.msg.user').count() !== 0) throw new Error('a declined consent still stored the message');
      if ((await sim('GET', '/_sim/requests')).length !== 0) throw new Error('a declined consent still reached the provider');
      await ws.locator('#send').click();
      // The native consent modal names provider, model, endpoint host, files and scope hash.
      await modal.waitFor();
      const text = await modal.innerText();
      for (const want of [/Mistral/, /mistral:mistral-large/, /Endpoint host: localhost:\d+/, /notes\.txt/, /Scope hash: \S+/]) {
        if (!want.test(text)) throw new Error(`consent modal lacks ${want}: ${text}`);
      }
      await shot('consent-modal');
      await modalButton('Continue').click();
      await modal.waitFor({ state: 'hidden' });
      const reply = ws.locator('.msg.assistant', { hasText: 'notes.txt is 20000 characters of x.' });
      await reply.waitFor();
      // Rendered as Markdown (bold), and finished: the meta line names the model instead of "streaming…".
      await reply.locator('strong', { hasText: 'provider simulator' }).waitFor();
      await reply.locator('.meta', { hasText: 'Mistral Large' }).waitFor();
      await ws.locator('#send:not([disabled])').waitFor();
      await ws.locator('#model', { hasText: 'Model: Mistral Large' }).waitFor();
      if (!/^today \d\d:\d\d · Mistral Large$/.test(await reply.locator('.meta').innerText())) throw new Error(`raw timestamp: ${await reply.locator('.meta').innerText()}`);
      await ws.locator('.msg.system', { hasText: 'A checkpoint was restored' }).waitFor();
      const reqs = await sim('GET', '/_sim/requests');
      if (!reqs.some((r) => r.provider === 'mistral' && r.method === 'POST')) throw new Error(`no chat call reached the simulator: ${JSON.stringify(reqs)}`);
      // The picture for the README: the Workshop with a streamed reply and the clutter meter, no toasts.
      await palette('Notifications: Clear All Notifications');
      await page.locator(TOASTS).first().waitFor({ state: 'detached' });
      await page.screenshot({ path: path.join(SHOTS, 'workshop-streamed-reply.png') });
    }, true],
    ['"What was sent" lists the request receipt after a streamed reply', async () => {
      await expandView('What was sent');
      const receipt = viewRow('What was sent', 'Request sent');
      await receipt.waitFor();
      const text = await receipt.innerText();
      if (!/mistral-large @ localhost:\d+ · 1 file · HTTP 200 · ok/.test(text)) throw new Error(`receipt row: ${text}`);
      // The receipt lists the file it carried, with its size.
      await receipt.click();
      await viewRow('What was sent', 'notes.txt').locator('.label-description', { hasText: /20000 B/ }).waitFor();
      await shot('what-was-sent');
      await collapseView('What was sent');
    }, true],
    ['the open Workshop follows a checkpoint restore', async () => {
      const ws = workshop();
      // The checkpoint predates the exchange above: restoring it undoes that conversation too.
      const undone = ws.locator('.msg.user', { hasText: 'Describe notes.txt in one line.' });
      await undone.waitFor();
      await palette('Trestle: Restore Checkpoint');
      await pick('Restore Checkpoint', 'e2e checkpoint');
      await modal.waitFor();
      await modalButton('Restore').click();
      await toast('Checkpoint restored.');
      // Without closing or reopening the panel, the undone exchange goes and the restore is said.
      await undone.waitFor({ state: 'detached' });
      await ws.locator('.msg.assistant', { hasText: 'notes.txt is 20000 characters of x.' }).waitFor({ state: 'detached' });
      await ws.locator('.msg.system', { hasText: 'A checkpoint was restored' }).last().waitFor();
      await clearToasts();
    }, true],
    ['your own Cancel ends the run quietly', async () => {
      await sim('POST', '/_sim/script', { mistral: [{ chunks: ['Thinking about it at length '], hold: true }] });
      const ws = workshop();
      await sendInWorkshop('Take your time.', ws.locator('.msg.assistant', { hasText: 'Thinking about it' }));
      await ws.locator('#working', { hasText: 'is replying' }).waitFor();
      await ws.locator('#cancel:not([disabled])').click();
      await ws.locator('.failure', { hasText: 'Cancelled.' }).waitFor();
      await ws.locator('#send:not([disabled])').waitFor();
      await sim('POST', '/_sim/release');
      if (await page.locator(TOASTS).count() !== 0) throw new Error(`own Cancel raised a message: ${await page.locator(TOASTS).first().innerText()}`);
    }, true],
    ['a rate limit names the provider and offers Retry only after its wait', async () => {
      await sim('POST', '/_sim/script', { mistral: [{ status: 429, headers: { 'Retry-After': '120' } }] });
      const ws = workshop();
      const failure = ws.locator('.failure', { hasText: 'is rate limiting requests' });
      await sendInWorkshop('Are you busy?', failure);
      const text = await failure.innerText();
      if (!/Mistral \(mistral-large, localhost:\d+\) is rate limiting requests\. It asked to wait 2 min\./.test(text)) throw new Error(`rate limit text: ${text}`);
      const retry = failure.locator('button.retryFailed');
      if (!/^Retry in (2 min|1 min \d+ s)$/.test(await retry.innerText()) || !(await retry.isDisabled())) {
        throw new Error(`Retry offered before the wait is over: "${await retry.innerText()}"`);
      }
      await ws.locator('#send:not([disabled])').waitFor();
      await shot('rate-limit-countdown');
      if (await page.locator(TOASTS, { hasText: 'Retry' }).count() !== 0) throw new Error('a Retry toast was offered at once');
    }, true],
    ['engine killed mid-stream: the panel recovers and the next message streams in it', async () => {
      await sim('POST', '/_sim/script', { mistral: [{ chunks: ['Half a reply, '], hold: true }] });
      const ws = workshop();
      const half = ws.locator('.msg.assistant', { hasText: 'Half a reply' });
      await sendInWorkshop('Tell me everything.', half);
      const pid = enginePid();
      if (!pid) throw new Error('engine process not found');
      const generation = Number(await ws.locator('body').getAttribute('data-engine'));
      if (!(generation >= 1)) throw new Error(`no engine generation on the page: ${generation}`);
      process.kill(pid, 'SIGKILL');
      await ws.locator('.failure', { hasText: 'The Trestle engine stopped during this run' }).waitFor();
      // The half reply is marked as failed, not left "streaming…"; Send is back.
      await ws.locator('.msg.assistant.failed', { hasText: 'Half a reply' }).waitFor();
      await ws.locator('#send:not([disabled])').waitFor();
      await shot('engine-died-mid-stream');
      await sim('POST', '/_sim/release');
      const text = await visibleText();
      if (/Pending response|connection got disposed|Connection is closed/i.test(text)) throw new Error('raw transport text reached the person');
      // The restarted engine is attached to the same panel: the next reply streams (held open, so it is seen mid-stream).
      // The same panel is attached to the restarted engine (the page shows the engine generation it follows).
      await ws.locator(`body[data-engine="${generation + 1}"]`).waitFor({ state: 'attached' });
      await ws.locator('#banner').waitFor({ state: 'hidden' });
      await sim('POST', '/_sim/script', { mistral: [{ chunks: ['After the restart, ', 'streaming again.'], hold: true }] });
      const next = ws.locator('.msg.assistant', { hasText: 'streaming again.' });
      await sendInWorkshop('Still there?', next);
      await next.locator('.meta', { hasText: 'streaming…' }).waitFor();
      if (enginePid() === pid) throw new Error('the engine was not restarted');
      await sim('POST', '/_sim/release');
      await next.locator('.meta', { hasText: 'Mistral Large' }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'workshop-after-engine-restart.png') });
    }, true],
    ['propose changes and review them in a diff editor', async () => {
      await sim('POST', '/_sim/script', { mistral: [{ proposal: PROPOSAL }] });
      const ws = workshop();
      await ws.locator('#propose').click();
      const proposal = ws.locator('#proposal');
      await proposal.locator('li', { hasText: 'summary.md' }).waitFor();
      await proposal.locator('strong', { hasText: 'summary.md' }).waitFor();
      await shot('proposal');
      await proposal.getByRole('button', { name: 'Apply to a Draft' }).click();
      // Review opens the read-only diff of Published vs Draft.
      await page.locator('.tab', { hasText: 'summary.md (Published ↔ Draft, new file)' }).waitFor();
      const diff = page.locator('.monaco-diff-editor');
      await diff.waitFor();
      await diff.locator('.modified', { hasText: 'notes.txt holds 20000 letters x.' }).first().waitFor();
      await toast('Draft: 1 change(s).');
      await treeRow('E2E Bench').locator('.label-description', { hasText: 'Draft' }).waitFor();
      // Review per file: the Draft's new file is listed in the Workbench tree (and in the Draft Review view, whose
      // row has the same name: the locator is scoped to the Workbenches view); clicking it opens its diff again.
      const row = viewRow('Workbenches', 'summary.md');
      await row.locator('.label-description', { hasText: 'new in the Draft' }).waitFor();
      await viewRow('Draft Review', 'summary.md').locator('.label-description', { hasText: 'new file' }).waitFor();
      await page.locator('.tab', { hasText: 'summary.md (Published ↔ Draft, new file)' }).locator('.codicon-close').click();
      await page.locator('.tab', { hasText: 'summary.md (Published' }).waitFor({ state: 'detached' });
      await row.click();
      const tab = page.locator('.tab', { hasText: 'summary.md (Published ↔ Draft, new file)' });
      await tab.waitFor();
      await page.locator('.monaco-diff-editor .modified', { hasText: 'notes.txt holds 20000 letters x.' }).first().waitFor();
      // It stays open: nothing redraws the views and closes it behind the person's back.
      await toast('Draft: 1 change(s).');
      await tab.waitFor();
    }, true],
    ['publish the Draft', async () => {
      await page.locator(TOASTS, { hasText: 'Draft: 1 change(s).' }).first().getByRole('button', { name: 'Publish' }).click();
      await toast('Draft published.');
      await treeRow('summary.md').waitFor();
      await treeRow('[Publish]').waitFor();
      // The review diff showed the Draft, which is gone now: it is closed.
      await page.locator('.tab', { hasText: 'summary.md (Published' }).waitFor({ state: 'detached' });
      await workshop().locator('#publish[hidden]').waitFor({ state: 'attached' });
    }, true],
    ['compare a checkpoint with now, open the diff, restore one file, pin it', async () => {
      // The e2e checkpoint predates summary.md (published above): comparing lists it as added since.
      await clearToasts();
      await palette('Trestle: Compare Checkpoint with Current');
      await pick('Compare Checkpoint with Current', 'e2e checkpoint');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Changes from' }).waitFor();
      const row = page.locator(PALETTE_ROWS, { hasText: 'summary.md' }).first();
      await row.locator('.label-description', { hasText: 'added since' }).waitFor();
      if (await page.locator(PALETTE_ROWS).count() !== 1) throw new Error('the comparison lists more than summary.md');
      await row.click();
      const tab = page.locator('.tab', { hasText: /summary\.md \(checkpoint .* ↔ current\)/ });
      await tab.waitFor();
      const diff = page.locator('.monaco-diff-editor');
      await diff.locator('.modified', { hasText: 'notes.txt holds 20000 letters x.' }).first().waitFor();
      // The checkpoint's row is expanded in the Checkpoints view with the changed file under it.
      await page.locator('.pane-body .monaco-list-row', { hasText: 'added since' }).first().waitFor();
      await shot('checkpoint-compare-diff');
      await palette('Trestle: Restore This File from the Checkpoint');
      await modal.waitFor();
      const text = await modal.innerText();
      if (!/summary\.md did not exist then/.test(text) || !/Every other file stays/.test(text)) throw new Error(`restore-file confirmation: ${text}`);
      await modalButton('Restore File').click();
      await toast('Restored summary.md from the checkpoint.');
      // Gone from the Workbench's files and from the comparison; notes.txt stays.
      await page.locator('.pane-body .monaco-list-row', { hasText: 'summary.md' }).first().waitFor({ state: 'detached' });
      await treeRow('notes.txt').waitFor();
      await treeRow('[Pre-restore]').waitFor();
      await shot('checkpoint-file-restored');
      // Pin the e2e checkpoint from its row: the pin icon replaces the history icon.
      await palette('Trestle: Pin Checkpoint');
      await pick('Pin Checkpoint', 'e2e checkpoint');
      await toast('Checkpoint pinned');
      await treeRow('[Manual] e2e checkpoint').locator('.custom-view-tree-node-item-icon.codicon-pinned').waitFor();
      await clearToasts();
    }, true],
    ['per-file review: reject one change, accept the other, publish exactly the accepted one', async () => {
      await clearToasts();
      await sim('POST', '/_sim/script', { mistral: [{ proposal: TWO_FILE_PROPOSAL }] });
      await palette('View: Close All Editors');
      await page.locator('#workbench\\.parts\\.editor .tab').first().waitFor({ state: 'detached' });
      await palette('Trestle: Open Workshop');
      const ws = workshop();
      await ws.locator('#propose:not([disabled])').click();
      const proposal = ws.locator('#proposal');
      await consentIfAsked(proposal.locator('li', { hasText: 'todo.md' }));
      await proposal.getByRole('button', { name: 'Apply to a Draft' }).click();
      await toast('Draft: 2 change(s).');
      // One row per change, in the Draft Review view, with what changed.
      const notes = viewRow('Draft Review', 'notes.txt');
      const todo = viewRow('Draft Review', 'todo.md');
      await notes.locator('.label-description', { hasText: 'changed' }).waitFor();
      await todo.locator('.label-description', { hasText: 'new file' }).waitFor();
      // The M / A badges come from the Draft decorations (the same ones as in the Workbenches tree).
      await pane('Draft Review').locator('.monaco-list-row[aria-label*="notes.txt"] .monaco-icon-label[class*="monaco-decoration-"]').first().waitFor();
      await clearToasts();
      // Accept todo.md from its diff editor's title.
      await todo.click();
      const todoTab = page.locator('.tab', { hasText: 'todo.md (Published ↔ Draft, new file)' });
      await todoTab.waitFor();
      await page.locator('.monaco-diff-editor .modified', { hasText: 'review the Draft file by file' }).first().waitFor();
      await page.locator('.editor-actions .action-label[aria-label="Accept Change"]').click();
      await todo.locator('.label-description', { hasText: 'new file · accepted' }).waitFor();
      await pane('Draft Review').locator('.pane-header .description', { hasText: '1 of 2 accepted' }).waitFor();
      await shot('draft-review');
      await page.screenshot({ path: path.join(SHOTS, 'draft-review.png') });
      // Reject notes.txt from its row: confirmed, then the row goes and the Draft holds the Published notes.txt again.
      await notes.hover();
      await notes.locator('.action-label[aria-label="Reject Change"]').click();
      await modal.waitFor();
      if (!/Published version goes back into the Draft/.test(await modal.innerText())) throw new Error(`reject confirmation: ${await modal.innerText()}`);
      await modalButton('Reject Change').click();
      await notes.waitFor({ state: 'detached' });
      if (engineFile('draft', 'notes.txt') !== engineFile('published', 'notes.txt')) throw new Error('the rejected notes.txt is not the Published one in the Draft');
      // The one change left is accepted: Publish is offered.
      const offer = page.locator(TOASTS, { hasText: 'Every change left is accepted. Publish the Draft?' }).first();
      await offer.getByRole('button', { name: 'Publish' }).click();
      await toast('Draft published.');
      await pane('Draft Review').locator('.pane-body', { hasText: 'No Draft to review' }).waitFor();
      // Published has exactly the accepted change: todo.md added, notes.txt untouched.
      if (engineFile('published', 'todo.md') !== TODO) throw new Error('todo.md was not published as accepted');
      if (engineFile('published', 'notes.txt') !== 'x'.repeat(20000)) throw new Error('the rejected change to notes.txt was published');
      await viewRow('Workbenches', 'todo.md').waitFor();
      await clearToasts();
    }, true],
    ['sidebar Workshop: Copy and Retry on a message', async () => {
      // Room for the conversation in the sidebar.
      await collapseView('Checkpoints');
      await collapseView('Draft Review');
      await expandView('Workshop');
      const side = sidebarWorkshop();
      const reply = side.locator('.msg.assistant', { hasText: 'streaming again.' }).last();
      await reply.waitFor();
      await reply.hover();
      await reply.getByRole('button', { name: 'Copy' }).click();
      await side.locator('.notice', { hasText: 'Copied to the clipboard.' }).waitFor();
      const copied = await page.evaluate(() => globalThis.navigator.clipboard.readText());
      if (copied !== 'After the restart, streaming again.') throw new Error(`clipboard holds: ${JSON.stringify(copied)}`);
      // Retry asks for the reply to that user message again; the new reply streams into the sidebar.
      await sim('POST', '/_sim/script', { mistral: [{ chunks: ['Asked again: ', 'still here.'] }] });
      const question = side.locator('.msg.user', { hasText: 'Still there?' }).last();
      await question.hover();
      await question.getByRole('button', { name: 'Retry' }).click();
      const again = side.locator('.msg.assistant', { hasText: 'Asked again: still here.' });
      await consentIfAsked(again);
      await again.locator('.meta', { hasText: 'Mistral Large' }).waitFor();
      await shot('sidebar-workshop-retry');
      await collapseView('Workshop');
      await expandView('Checkpoints');
      await expandView('Draft Review');
    }, true],
    ['sort and filter the Workbench files', async () => {
      await palette('Trestle: Add Files to Workbench');
      const input = page.locator(PALETTE_INPUT);
      await page.locator(PALETTE_ROWS, { hasText: 'README.md' }).first().click();
      await page.waitForFunction((sel) => document.querySelector(sel)?.value.endsWith('README.md'), PALETTE_INPUT);
      if (await input.isVisible()) {
        await input.press('Enter');
      }
      await toast('Added 1 file to the Workbench.');
      await viewRow('Workbenches', 'README.md').waitFor();
      const files = ['notes.txt', 'README.md', 'todo.md'];
      // Visual order: rows by their list index (the DOM order of a virtual list is not the order on screen).
      const expectOrder = (want) => page.waitForFunction(([w, names]) => {
        const view = [...document.querySelectorAll('.pane')].find((e) => e.querySelector('.pane-header')?.textContent.includes('Workbenches'));
        const got = [...(view?.querySelectorAll('.monaco-list-row') ?? [])]
          .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
          .map((r) => r.querySelector('.label-name')?.textContent.trim()).filter((n) => names.includes(n));
        return JSON.stringify(got) === JSON.stringify(w);
      }, [want, files]).catch(async (e) => {
        throw new Error(`Workbench files in order ${JSON.stringify((await rowNames('Workbenches')).filter((n) => files.includes(n)))}, expected ${JSON.stringify(want)}: ${e.message}`);
      });
      await expectOrder(['notes.txt', 'README.md', 'todo.md']);
      await palette('Trestle: Sort Files…');
      await pick('Sort Workbench files by', 'Size (largest first)');
      await expectOrder(['notes.txt', 'todo.md', 'README.md']);
      await palette('Trestle: Filter Files…');
      await typeInput('Part of a file name', '.md');
      await viewRow('Workbenches', 'notes.txt').waitFor({ state: 'detached' });
      await expectOrder(['todo.md', 'README.md']);
      await pane('Workbenches').locator('.pane-header .description', { hasText: 'filter: .md' }).waitFor();
      await shot('files-filtered');
      await palette('Trestle: Filter Files…');
      await typeInput('Part of a file name', '');
      await viewRow('Workbenches', 'notes.txt').waitFor();
      await palette('Trestle: Sort Files…');
      await pick('Sort Workbench files by', 'Name');
      await expectOrder(['notes.txt', 'README.md', 'todo.md']);
    }],
    ['per-file tokens in the Workshop', async () => {
      await palette('Trestle: Open Workshop');
      const ws = workshop();
      await ws.locator('#scopeSummary', { hasText: 'Files in scope (3)' }).waitFor();
      if (await ws.locator('#scope').getAttribute('open') === null) {
        await ws.locator('#scopeSummary').click();
      }
      // Largest first, each with its share of the next request (o200k count of 20000 letters: thousands of tokens).
      const first = ws.locator('#files li.file').first();
      await first.locator('.path', { hasText: 'notes.txt' }).waitFor();
      const notesTokens = await first.locator('.tokens').innerText();
      if (!/^\d+(\.\d)?k tokens$/.test(notesTokens)) throw new Error(`notes.txt tokens: "${notesTokens}"`);
      const readme = await ws.locator('#files li.file', { hasText: 'README.md' }).locator('.tokens').innerText();
      if (!/^\d+ tokens?$/.test(readme)) throw new Error(`README.md tokens: "${readme}"`);
      await clearToasts();
      await page.screenshot({ path: path.join(SHOTS, 'workshop-file-tokens.png') });
    }, true],
    ['clutter: the status bar tooltip names the largest files; the remove picker removes one', async () => {
      await statusItem('Clutter').hover();
      const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Largest:' }).first();
      await hover.waitFor();
      const text = await hover.innerText();
      if (!/notes\.txt: [\d,]+ tokens/.test(text)) throw new Error(`the clutter tooltip does not name notes.txt: ${text}`);
      await shot('clutter-tooltip');
      await page.mouse.move(700, 400);
      await statusItem('Clutter').click();
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Remove a file from the Workbench' }).waitFor();
      // Largest first.
      await page.locator(`${PALETTE_ROWS}:first-child`, { hasText: 'notes.txt' }).first().waitFor();
      await pick('Remove a file from the Workbench', 'README.md');
      await modal.waitFor();
      await modalButton('Remove').click();
      await viewRow('Workbenches', 'README.md').waitFor({ state: 'detached' });
      await workshop().locator('#scopeSummary', { hasText: 'Files in scope (2)' }).waitFor();
    }, true],
    ['a cleared key no longer reads Validated and the status bar marks the model', async () => {
      await palette('Trestle: Manage Providers');
      await pick('Trestle Providers', 'Mistral');
      await pick('Mistral', 'Clear API key');
      await modal.waitFor();
      await modalButton('Clear Key').click();
      const row = page.locator(PALETTE_ROWS, { hasText: /Mistral\s*Not configured/ }).first();
      await row.waitFor();
      if (/Validated/.test(await row.innerText())) throw new Error(`a cleared key still reads: ${await row.innerText()}`);
      await page.keyboard.press('Escape');
      await quickInput.waitFor({ state: 'hidden' });
      await statusItem('add an API key').waitFor();
    }, true],
    ['Java missing: the log says why, the setting opens, fixing it restarts the engine', async () => {
      writeMachineSettings({ 'trestle.java.home': path.join(RUN, 'no-such-java') });
      const t = page.locator(TOASTS, { hasText: 'trestle.java.home' }).first();
      await t.waitFor();
      if (!/no reload is needed/.test(await t.innerText())) throw new Error(`the message does not say a reload is not needed: ${await t.innerText()}`);
      await page.locator('.pane-body', { hasText: 'The Trestle engine is not running.' }).first().waitFor();
      await t.getByRole('button', { name: 'Show Engine Log' }).click();
      await page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'could not start' }).first().waitFor();
      await shot('java-missing-log');
      await page.locator('.pane-body a', { hasText: 'Java Setting' }).first().click();
      const editor = page.locator('.settings-editor');
      await editor.waitFor();
      await editor.locator('.setting-item-contents', { hasText: 'Java 17 or newer runtime' }).first().waitFor();
      await shot('java-setting');
      writeMachineSettings({});
      // The engine comes back without a reload.
      await treeRow('E2E Bench').waitFor();
      await statusItem('Clutter').waitFor();
    }, true],
  ];

  // Java-less install (scripts/e2e.sh, last phase): a code-server without java on PATH, the linux-x64 package.
  const nojavaSteps = [
    ['Java-less install: the bundled runtime starts the engine', async () => {
      await page.goto(URL);
      await page.waitForSelector('.monaco-workbench');
      const icon = page.locator('.activitybar .action-item a[aria-label^="Trestle"], .activitybar .action-label[aria-label^="Trestle"]').first();
      await icon.click();
      await page.locator('.pane-body', { hasText: 'No Workbench yet' }).first().waitFor();
      const logs = filesUnder(path.join(RUN, 'ud', 'logs'), (p, n) => n.endsWith('-Trestle.log')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      if (!/Using Java 17 from bundled runtime: \S+\/server\/jre\/bin\/java/.test(logs)) throw new Error(`the engine did not use the bundled runtime:\n${logs}`);
      await palette('Trestle: Create Workbench');
      await typeInput('Name of the new Workbench', 'No Java Here');
      await toast('Workbench "No Java Here" created.');
    }],
  ];
  const run = process.env.E2E_MODE === 'nojava' ? nojavaSteps : steps;

  let failed = false;
  let passed = 0;
  let skipped = 0;
  for (const [name, fn, needsEngine] of run) {
    const slug = name.replace(/\W+/g, '-');
    if (needsEngine && ENGINE !== 'jar') {
      skipped++;
      console.log(`ok - ${name} # SKIP needs the engine jar`);
      continue;
    }
    try {
      await fn();
      await shot(slug);
      passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed = true;
      console.log(`not ok - ${name}: ${err.message.split('\n').slice(0, 12).join(' | ')}`);
      await shot(`FAILED-${slug}`).catch(() => undefined);
      break;
    }
  }
  await browser.close();
  const notRun = run.length - passed - skipped - (failed ? 1 : 0);
  if (failed) {
    printLogs();
  }
  console.log(`e2e: ${passed} passed, ${failed ? 1 : 0} failed${skipped || notRun ? `, ${skipped + notRun} skipped` : ''}`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  printLogs();
  process.exit(1);
});
