// verbatim web UI: the router. Each page is a module over the JSON API;
// every string from a document reaches the page through textContent or
// createTextNode — never as markup.
import { documentPage } from './document.js';
import { entityPage, speakerPage } from './entity.js';
import { homePage } from './home.js';
import { el, go, main, setTitle, stateHref } from './lib.js';
import { searchPage } from './search.js';
import { networkPage, timelinePage } from './views.js';

const qInput = document.getElementById('q');
let routing = 0;

async function route() {
  const mine = ++routing;
  const params = new URLSearchParams(location.search);
  const path = location.pathname;
  const tail = (n) => decodeURIComponent(path.slice(n));
  document.body.dataset.page = '';
  if (!params.get('q') || path !== '/') qInput.value = '';
  try {
    let page;
    if (path.startsWith('/d/')) await documentPage(tail(3), location.hash), page = 'document';
    else if (path.startsWith('/e/')) await entityPage(tail(3)), page = 'entity';
    else if (path.startsWith('/s/')) await speakerPage(tail(3)), page = 'speaker';
    else if (path === '/timeline') await timelinePage(params), page = 'timeline';
    else if (path === '/network') await networkPage(params), page = 'network';
    else if (params.get('q') || params.getAll('f').length || params.get('from') || params.get('to')) await searchPage(params), page = 'search';
    else await homePage(), page = 'home';
    if (mine === routing) document.body.dataset.page = page;
  } catch (err) {
    if (mine !== routing) return;
    setTitle(err.status === 404 ? 'Not found' : 'Error');
    main().replaceChildren(el('p', { class: 'error', id: 'page-error', text: String(err.message || err) }),
      el('p', {}, el('a', { href: '/', 'data-nav': '', text: 'Home' })));
    document.body.dataset.page = 'error';
  }
}

document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = qInput.value.trim();
  if (q) go(stateHref({ q, f: [], sort: 'relevance', page: 1 }));
});
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
  e.preventDefault();
  go(a.getAttribute('href'));
  window.scrollTo(0, 0);
});
window.addEventListener('popstate', route);
window.addEventListener('verbatim:route', route);
route();
