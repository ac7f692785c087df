// Saving a § of the one-page minutes in place. Without this script every form is a plain form
// that comes back to the page; with it, the form is sent in the background, the new version
// is taken from the answer, and the page stays where the secretary is writing.
for (const form of document.querySelectorAll('form[data-saves-in-place]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const status = form.querySelector('.saved');
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    status.textContent = 'Sparar…';
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      const html = await response.text();
      if (!response.ok) {
        // A refused save (a conflict, a wrong date) comes back as a page with what was
        // written and why: show it as the plain form would.
        document.open();
        document.write(html);
        document.close();
        return;
      }
      const answer = new DOMParser().parseFromString(html, 'text/html');
      const fresh = answer.querySelector(`form[action="${form.getAttribute('action')}"] input[name=version]`);
      if (fresh) form.querySelector('input[name=version]').value = fresh.value;
      status.textContent = 'Sparat ' + new Date().toLocaleTimeString('sv-SE', { hour: '2-digit', minute: '2-digit' });
    } catch (error) {
      status.textContent = 'Kunde inte spara. Försök igen.';
    } finally {
      button.disabled = false;
    }
  });
}
