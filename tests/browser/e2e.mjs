// End-to-end test of the secretary's meeting cycle in real Chromium, with accessibility checks.
//
// It starts `samverkan demo` on a fresh database and a free port, with an SMTP sink of its own
// for the notice, then walks the cycle as the demo's secretary, chair and adjuster, and checks
// what the public sees. Screenshots of the main pages go to docs/screenshots/.
//
// Environment: SAMVERKAN_BIN (default ../../target/debug/samverkan), CHROMIUM (default
// /usr/bin/chromium), SAMVERKAN_SCREENSHOTS=1 to refresh docs/screenshots/ (otherwise the
// screenshots go to a temporary directory).
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(import.meta.url);
// Evaluated rather than added as a script tag: the pages' content security policy (no inline
// script) stays in force for the whole test.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Messages of the pages' content security policy refusing something: there must be none. */
const cspViolations = [];
function watchCsp(page) {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}
const screenshots = process.env.SAMVERKAN_SCREENSHOTS === '1'
  ? join(root, 'docs/screenshots')
  : mkdtempSync(join(tmpdir(), 'samverkan-screenshots-'));
mkdirSync(screenshots, { recursive: true });

/** A minimal SMTP server that collects every message it receives. */
function smtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = '';
    let inData = false;
    let message = { recipients: [], data: '' };
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(message);
            message = { recipients: [], data: '' };
            socket.write('250 queued\r\n');
          } else {
            message.data += line + '\n';
          }
          continue;
        }
        const upper = line.toUpperCase();
        if (upper.startsWith('RCPT TO:')) message.recipients.push(line.slice(8).trim().replace(/[<>]/g, ''));
        if (upper.startsWith('DATA')) {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (upper.startsWith('QUIT')) {
          socket.end('221 bye\r\n');
        } else {
          socket.write(upper.startsWith('EHLO') ? '250 sink\r\n' : '250 ok\r\n');
        }
      }
    });
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready({ server, messages, port: server.address().port })));
}

/** Starts the demo and resolves with its address once it prints it. */
function startDemo(smtpPort) {
  const bin = process.env.SAMVERKAN_BIN ?? join(root, 'target/debug/samverkan');
  const database = join(mkdtempSync(join(tmpdir(), 'samverkan-e2e-')), 'demo.db');
  const child = spawn(bin, ['demo', '--database', database, '--port', '0'], {
    env: { ...process.env, SAMVERKAN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SAMVERKAN_MAIL_FROM: 'kansliet@example.invalid' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ready, fail) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/Samverkan listening on (http:\/\/\S+)/);
      if (match) ready({ child, address: match[1], database });
    });
    child.on('exit', (code) => fail(new Error(`samverkan demo exited with ${code}: ${out}`)));
  });
}

/** Runs axe-core on the page; fails on serious or critical violations. */
async function checkAccessibility(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run());
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
    [],
    `accessibility of ${name}`,
  );
  console.log(`axe ${name}: ${result.violations.length} minor/moderate, 0 serious or critical`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

async function logIn(page, address, username) {
  await page.goto(`${address}/logga-in`);
  await page.fill('#username', username);
  await page.fill('#password', 'samverkan-demo');
  await page.click('form.stacked button[type=submit]');
  await page.waitForSelector(`text=Inloggad som`);
}

async function logOut(page) {
  await page.click('text=Logga ut');
  await page.waitForSelector('text=Logga in');
}

const sink = await smtpSink();
const { child, address, database } = await startDemo(sink.port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = watchCsp(await context.newPage());

  // The public start page and a published protocol.
  await page.goto(address);
  await checkAccessibility(page, 'start page');
  await shot(page, '01-start');
  await page.click('text=Regional samverkansgrupp för vård och omsorg i Kronoberg');
  await checkAccessibility(page, 'body page');
  await shot(page, '02-body');

  // The secretary plans a meeting with the standard items and adds an item with minutes.
  await logIn(page, address, 'sekreterare');
  await checkAccessibility(page, 'Mitt Samverkan (secretary)');
  await page.click('text=Alla organ');
  await page.click('text=Regional samverkansgrupp för vård och omsorg i Kronoberg');
  await page.click('text=Planera sammanträde');
  await checkAccessibility(page, 'plan meeting form');
  await page.fill('#date', '2027-03-12');
  await page.fill('#start_time', '09:00');
  await page.fill('#end_time', '12:00');
  await page.fill('#place', 'Regionhuset, sal Linné');
  await page.getByRole('button', { name: 'Planera' }).click();
  await page.waitForSelector('h1:has-text("Protokoll RSK 2027-03-12")');
  const meetingUrl = page.url();
  assert.ok(await page.isVisible('text=Mötet öppnas'));

  await page.click('text=Lägg till ärende');
  await checkAccessibility(page, 'item form');
  await page.fill('#title', 'Gemensam rutin för trygg hemgång');
  await page.fill('#presenter', 'Mattias Fransson');
  await page.fill('#notes', 'Arbetsgruppen presenterade ett förslag till gemensam rutin.');
  await page.fill('#clauses', 'att godkänna förslaget\natt rekommendera huvudmännen att anta rutinen');
  await page.selectOption('#outcome', 'decided');
  await page.fill('#recommendation', 'Huvudmännen rekommenderas att anta rutinen för trygg hemgång.');
  await page.check('text=Region Kronoberg');
  await page.check('text=Växjö kommun');
  await page.fill('#assignee', 'Arbetsgruppen för trygg hemgång');
  await page.fill('#task', 'Följa upp rutinen och rapportera.');
  await page.fill('#due', '2027-05-21');
  await shot(page, '03-item-form');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForSelector('text=att godkänna förslaget');

  await page.click('text=Lägg till ärende');
  await page.fill('#title', 'Samordning för en enskild person');
  await page.fill('#notes', 'Uppgifter som omfattas av sekretess.');
  await page.check('input[name=confidential]');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForSelector('text=Samordning för en enskild person');

  // The notice goes out by e-mail with a calendar invitation.
  await page.click('text=Skicka kallelse med dagordning');
  await page.waitForSelector('text=Kallelse: RSK 2027-03-12');
  assert.equal(sink.messages.length, 1, 'one notice sent');
  assert.ok(sink.messages[0].recipients.length >= 8, 'every member with an address receives it');
  assert.match(sink.messages[0].data, /text\/calendar/);
  await shot(page, '04-meeting-secretary');
  await checkAccessibility(page, 'meeting page (secretary)');

  // Held, minutes drafted, adjusters appointed, sent for adjustment.
  // Only the steps allowed now are offered, as buttons.
  assert.ok(!(await page.isVisible('button:has-text("Skicka för justering")')), 'no adjustment before the minutes');
  await page.getByRole('button', { name: 'Mötet har hållits' }).click();
  await page.waitForSelector('text=genomfört');

  // The minutes are written on one page, each § saved in place while the page stays put.
  await page.click('text=Skriv protokollet');
  await page.waitForSelector('h1:has-text("Skriv protokollet")');
  const minutesUrl = page.url();
  await checkAccessibility(page, 'one-page minutes');
  const opening = page.locator('section.minutes-item').first();
  await opening.locator('textarea[name=notes]').fill('Ordföranden öppnade mötet och hälsade alla välkomna.');
  await opening.locator('button[type=submit]').click();
  await opening.locator('text=Sparat').waitFor();
  assert.equal(page.url(), minutesUrl, 'saved in place, the page stays');
  // A second save of the same § works: the form took the new version from the answer.
  await opening.locator('textarea[name=clauses]').fill('att förklara mötet öppnat');
  await opening.locator('select[name=outcome]').selectOption('decided');
  await opening.locator('button[type=submit]').click();
  await opening.locator('text=Sparat').waitFor();
  await shot(page, '04b-minutes-one-page');
  await page.reload();
  assert.equal(
    await page.locator('section.minutes-item').first().locator('textarea[name=clauses]').inputValue(),
    'att förklara mötet öppnat',
    'both saves are kept',
  );
  // The same page on a phone: nothing scrolls sideways, and axe still finds nothing serious.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of [minutesUrl, meetingUrl]) {
    await page.goto(url);
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `${url} fits 390 px (${scroll} > ${inner})`);
    await checkAccessibility(page, `${url.endsWith('/protokoll') ? 'one-page minutes' : 'meeting page'} at 390 px`);
  }
  await shot(page, '04c-meeting-390px');
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(meetingUrl);
  await page.getByRole('button', { name: 'Protokollet är upprättat' }).click();
  await page.waitForSelector('text=protokoll upprättat');
  for (const [label, role] of [['Karin Ekstrand (ordförande)', 'chair'], ['Mattias Fransson (ledamot)', 'adjuster']]) {
    await page.selectOption('#person_id', { label });
    await page.selectOption('select[name=role]', role);
    await page.click('form[action$="/justerare"] button');
    await page.waitForLoadState('load');
  }
  await page.getByRole('button', { name: 'Skicka för justering' }).click();
  await page.waitForSelector('text=skickat för justering');
  await logOut(page);

  async function approveAs(username) {
    // Signed in, the adjuster starts on Mitt Samverkan and finds the protocol waiting there.
    await logIn(page, address, username);
    assert.ok(page.url().endsWith('/mitt'), 'one starts on one\'s own page');
    await page.click('section:has(#att-justera) >> text=Protokoll RSK 2027-03-12');
    await page.click('text=Godkänn protokollet');
    await page.waitForLoadState('load');
    await logOut(page);
  }
  // The chair approves; the secretary then changes a paragraph, which makes that approval void:
  // the page says so and the chair is asked again.
  await approveAs('ordforande');
  await logIn(page, address, 'sekreterare');
  await page.goto(meetingUrl);
  await page.click('section:has-text("Gemensam rutin för trygg hemgång") >> text=Redigera');
  await page.fill('#notes', 'Arbetsgruppen presenterade ett reviderat förslag till gemensam rutin.');
  await page.getByRole('button', { name: 'Spara' }).click();
  await page.waitForSelector('text=reviderat förslag');
  await logOut(page);
  await approveAs('ledamot');
  await logIn(page, address, 'ordforande');
  await page.goto(meetingUrl);
  assert.ok(await page.isVisible('li.void:has-text("godkände en tidigare version")'), 'the chair sees the approval is void');
  await shot(page, '05a-approval-void');
  await checkAccessibility(page, 'meeting page (void approval)');
  await logOut(page);
  // The chair approves the text as it now stands; that locks the protocol.
  await approveAs('ordforande');

  // The public reads the adjusted protocol, without the confidential item.
  const publicPage = watchCsp(await (await browser.newContext()).newPage());
  await publicPage.goto(meetingUrl);
  await publicPage.waitForSelector('text=justerat');
  const text = await publicPage.textContent('main');
  assert.ok(text.includes('att godkänna förslaget'), 'the decision is public');
  assert.ok(text.includes('Sekretessbelagt ärende'), 'the confidential item shows as such');
  assert.ok(!text.includes('Samordning för en enskild person'), 'its title is not public');
  assert.ok(!text.includes('omfattas av sekretess'), 'its notes are not public');
  await shot(publicPage, '05-public-protocol');
  await checkAccessibility(publicPage, 'public protocol');
  await publicPage.click('text=verifiera');
  await publicPage.waitForSelector('text=Det lagrade innehållet stämmer med kontrollsumman.');
  await checkAccessibility(publicPage, 'verification page');
  await publicPage.goto(`${address}/anslagstavla`);
  await checkAccessibility(publicPage, 'notice board');
  await shot(publicPage, '06-notice-board');

  // The assignment comes back on the agenda of the meeting it is due at.
  await logIn(page, address, 'sekreterare');
  await page.goto(meetingUrl);
  await page.click('text=Regional samverkansgrupp för vård och omsorg i Kronoberg');
  await page.click('text=Planera sammanträde');
  await page.fill('#date', '2027-05-21');
  await page.getByRole('button', { name: 'Planera' }).click();
  await page.waitForSelector('h1:has-text("Protokoll RSK 2027-05-21")');
  assert.ok(await page.isVisible('text=Återrapportering: Följa upp rutinen och rapportera'), 'the assignment is back');
  const laterUrl = page.url();

  // A mistake in the adjusted protocol is corrected by a linked item at the later meeting.
  await page.goto(meetingUrl);
  await page.locator('section:has-text("Gemensam rutin för trygg hemgång") form[action$="/rattelse"] button').click();
  await page.waitForSelector('h1:has-text("Redigera ärende")');
  assert.match(await page.inputValue('#title'), /^Rättelse av § \d+ i protokollet 2027-03-12/);
  assert.ok(page.url().startsWith(laterUrl), 'the correction belongs to the later meeting');

  // A meeting planned for a day that will not do is called off; the members are told.
  const mailsBefore = sink.messages.length;
  await page.goto(laterUrl);
  await page.click('text=Regional samverkansgrupp för vård och omsorg i Kronoberg');
  await page.click('text=Planera sammanträde');
  await page.fill('#date', '2027-06-18');
  await page.getByRole('button', { name: 'Planera' }).click();
  await page.waitForSelector('h1:has-text("Protokoll RSK 2027-06-18")');
  await page.getByRole('button', { name: 'Ställ in mötet' }).click();
  await page.waitForSelector('.status:has-text("inställt")');
  assert.ok(await page.isVisible('button:has-text("Återuppta mötet")'), 'it can be taken up again');
  assert.equal(sink.messages.length, mailsBefore + 1, 'the cancellation is mailed');
  assert.match(sink.messages.at(-1).data, /METHOD:CANCEL/);
  await checkAccessibility(page, 'cancelled meeting');
  await logOut(page);

  // A member answers the notice of a coming meeting from their own page.
  await logIn(page, address, 'ledamot');
  await checkAccessibility(page, 'Mitt Samverkan');
  await page.locator('form[action$="/svar"] >> text=Jag har förhinder').first().click();
  await page.waitForSelector('text=du har svarat: förhinder');
  await shot(page, '08-mitt-samverkan');
  await page.setViewportSize({ width: 390, height: 844 });
  await checkAccessibility(page, 'Mitt Samverkan at 390 px');
  const [mineScroll, mineInner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(mineScroll <= mineInner, 'Mitt Samverkan fits 390 px');
  await page.setViewportSize({ width: 1200, height: 900 });
  await logOut(page);

  // The administrator's page and the search page.
  await logIn(page, address, 'admin');

  // An old protocol without a date is uploaded, reviewed beside its source, given its date and
  // its body, and stored as adjusted history that the public can read.
  await page.goto(address);
  await page.click('text=Regional samverkansgrupp för vård och omsorg i Kronoberg');
  await page.click('text=Importera gamla protokoll');
  await checkAccessibility(page, 'import page');
  const oldProtocol = [
    'Minnesanteckningar, arbetsgruppen för hemsjukvård', '',
    'Närvarande:', 'Karin Lund, ordförande', 'Erik Sjöberg, ledamot', '',
    '§ 1 Mötets öppnande', 'Ordföranden öppnade mötet.', '',
    '§ 2 Uppföljning av hemsjukvården', 'Gruppen beslutar att godkänna uppföljningen av hemsjukvården.', '',
  ].join('\n');
  await page.setInputFiles('#files', { name: 'arbetsgruppen.txt', mimeType: 'text/plain', buffer: Buffer.from(oldProtocol) });
  await page.click('text=Ladda upp för granskning');
  await page.waitForSelector('h1:has-text("Granska importen av arbetsgruppen.txt")');
  assert.ok(await page.isVisible('text=okänt – ange datumet'), 'the date is not in the text');
  await checkAccessibility(page, 'import review');
  await page.fill('#date', '2015-09-14');
  const otherBody = await page.$eval('#body_id', (select) => [...select.options].find((o) => !o.selected).value);
  await page.selectOption('#body_id', otherBody);
  await page.click('text=Läs om med rättelserna');
  await page.waitForSelector('text=angivet vid granskningen');
  assert.equal(await page.inputValue('#date'), '2015-09-14');
  assert.equal(await page.inputValue('#body_id'), otherBody);
  assert.ok(await page.isVisible('li:has-text("§ 2 Uppföljning av hemsjukvården")'));
  await shot(page, '09-import-review');
  await page.click('text=Spara som justerat protokoll');
  await page.waitForSelector('h1:has-text("2015-09-14")');
  const importedUrl = page.url();
  const anonymous = watchCsp(await (await browser.newContext()).newPage());
  await anonymous.goto(importedUrl);
  assert.ok(await anonymous.isVisible('text=godkänna uppföljningen av hemsjukvården'), 'the public reads the imported protocol');
  await shot(anonymous, '10-imported-protocol');
  await page.goto(`${address}/admin`);
  await checkAccessibility(page, 'administration');
  await page.goto(`${address}/sok?q=${encodeURIComponent('hemgången')}`);
  assert.ok(await page.isVisible('text=Gemensam rutin för trygg hemgång'), 'the new decision is found, inflected');
  await checkAccessibility(page, 'search');
  await shot(page, '07-search');

  // Logging out ends the session on the server: the cookie from before, replayed in another
  // browser, is no longer logged in.
  const before = await context.cookies();
  await logOut(page);
  const replay = await browser.newContext();
  await replay.addCookies(before);
  const replayed = watchCsp(await replay.newPage());
  await replayed.goto(address);
  assert.ok(!(await replayed.isVisible('text=Inloggad som')), 'the old cookie is refused after logout');
  assert.ok(await replayed.isVisible('text=Logga in'));

  // The body's feeds, read by independent parsers (feedparser, icalendar) from PyPI.
  await page.goto(address);
  await page.click('text=Regional samverkansgrupp för vård och omsorg i Kronoberg');
  const bodyId = page.url().match(/\/organ\/(\d+)/)[1];
  const python = process.env.SAMVERKAN_FEEDS_PYTHON ?? join(root, 'tests/feeds/.venv/bin/python');
  console.log(execFileSync(python, [join(root, 'tests/feeds/check_feeds.py'), address, bodyId], { encoding: 'utf8' }).trim());
  // The OParl interface, walked from /oparl/v1/system and validated against the OParl 1.1 schemas.
  const oparlSchemas = process.env.OPARL_SCHEMAS ?? resolve(root, '../shared/standards/oparl-1.1/schema');
  console.log(execFileSync(python, [join(root, 'tests/feeds/check_oparl.py'), address, oparlSchemas], { encoding: 'utf8' }).trim());
  // The adjusted protocols' PDFs carry a PAdES signature that pyHanko validates, and a changed
  // copy fails (the demo signs with a certificate of its own, kept beside its database).
  const certificate = database.replace(/\.db$/, '.signing-certificate.pem');
  console.log(execFileSync(python, [join(root, 'tests/feeds/check_signature.py'), address, certificate], { encoding: 'utf8' }).trim());
  // The body's year as an E-ARK information package, checked by the E-ARK validator from PyPI
  // (in a venv of its own) and for fixity, schema and approved hashes (the demo is dated 2026).
  const bin = process.env.SAMVERKAN_BIN ?? join(root, 'target/debug/samverkan');
  const packages = join(mkdtempSync(join(tmpdir(), 'samverkan-eark-')), 'out');
  const signing = { SAMVERKAN_SIGNING_KEY: database.replace(/\.db$/, '.signing-key.pem'), SAMVERKAN_SIGNING_CERTIFICATE: certificate };
  execFileSync(bin, ['--database-url', `sqlite://${database}`, 'archive', 'export', '--body', bodyId, '--year', '2026', '-o', packages],
    { env: { ...process.env, ...signing } });
  const earkPython = process.env.SAMVERKAN_EARK_PYTHON ?? join(root, 'tests/eark/.venv/bin/python');
  console.log(execFileSync(earkPython, [join(root, 'tests/eark/check_package.py'), packages], { encoding: 'utf8' }).trim());
  // PAdES B-T: an export timestamped by OpenSSL's own timestamp authority, validated by pyHanko.
  console.log(execFileSync(python, [join(root, 'tests/feeds/check_timestamp.py'), bin, database, bodyId, '2026',
    signing.SAMVERKAN_SIGNING_KEY, certificate], { encoding: 'utf8' }).trim());
  // The JSON API against its generated OpenAPI document: no server error, no answer outside its schema.
  const st = join(dirname(python), 'st');
  const fuzzed = execFileSync(st, ['run', `${address}/api/v1/openapi.json`, '--url', `${address}/api/v1`,
    '--checks', 'not_a_server_error,response_schema_conformance', '--max-examples', '30', '--no-color'],
  { encoding: 'utf8', env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
  console.log('schemathesis: ' + (fuzzed.match(/\d+ generated, \d+ passed/) ?? ['(no summary)'])[0]);

  assert.deepEqual(cspViolations, [], 'the content security policy refused nothing the pages use');
  console.log('browser test passed');
} finally {
  await browser.close();
  child.kill();
  sink.server.close();
}
