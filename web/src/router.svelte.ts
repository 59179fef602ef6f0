// Client-side routing on the History API: real URLs (/lessons/softmax-vs-argmax?seed=2) that can be
// shared and reloaded, since the lab server answers index.html for any unknown non-/api path.

export type Route =
  | { page: 'home' }
  | { page: 'lesson'; id: string }
  | { page: 'quiz' }
  | { page: 'glossary' }
  | { page: 'search' }
  | { page: 'backprop' }
  | { page: 'playground' }
  | { page: 'runs' }
  | { page: 'compare' }
  | { page: 'run'; id: string }
  | { page: 'not-found'; path: string };

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'home' };
  if (parts[0] === 'lessons' && parts.length === 2) return { page: 'lesson', id: parts[1]! };
  if (parts[0] === 'quiz' && parts.length === 1) return { page: 'quiz' };
  if (parts[0] === 'glossary' && parts.length === 1) return { page: 'glossary' };
  if (parts[0] === 'search' && parts.length === 1) return { page: 'search' };
  if (parts[0] === 'backprop' && parts.length === 1) return { page: 'backprop' };
  if (parts[0] === 'playground' && parts.length === 1) return { page: 'playground' };
  if (parts[0] === 'runs' && parts.length === 1) return { page: 'runs' };
  if (parts[0] === 'runs' && parts.length === 2 && parts[1] === 'compare') return { page: 'compare' };
  if (parts[0] === 'runs' && parts.length === 2) return { page: 'run', id: parts[1]! };
  return { page: 'not-found', path };
}

/**
 * Brings the element a #fragment names into view once it exists: a page may still be loading its
 * data (a "Try this" link to #experiments remounts the panel first). Gives up after two seconds.
 */
function scrollToFragment(id: string, deadline = performance.now() + 2000): void {
  const el = document.getElementById(id);
  if (el) el.scrollIntoView({ block: 'start' });
  else if (performance.now() < deadline) requestAnimationFrame(() => scrollToFragment(id, deadline));
}

class Router {
  path = $state(location.pathname);
  search = $state(location.search);
  /** The URL's #fragment, for pages that mark the element it names. */
  hash = $state(location.hash);
  route = $derived(matchRoute(this.path));
  query = $derived(new URLSearchParams(this.search));
  /** Counts navigations (links, back/forward) but not replaceQuery, so pages can reset on them. */
  navigation = $state(0);

  constructor() {
    // A jump to an in-page anchor also fires popstate; only a new path or query is a navigation.
    addEventListener('popstate', () => {
      this.hash = location.hash;
      if (location.pathname !== this.path || location.search !== this.search) this.#sync();
    });
  }

  #sync(): void {
    this.navigation++;
    this.path = location.pathname;
    this.search = location.search;
    this.hash = location.hash;
  }

  /** Goes to a same-origin URL as a new history entry. */
  go(url: string): void {
    history.pushState(null, '', url);
    this.#sync();
    scrollTo(0, 0);
    if (location.hash) scrollToFragment(decodeURIComponent(location.hash.slice(1)));
  }

  /** Rewrites the current query without a history entry (for controls that change on every drag). */
  replaceQuery(params: URLSearchParams): void {
    const search = params.toString();
    const url = `${location.pathname}${search ? `?${search}` : ''}${location.hash}`;
    if (url === `${location.pathname}${location.search}${location.hash}`) return;
    history.replaceState(null, '', url);
    this.search = location.search;
  }

  /**
   * Turns clicks on same-origin links into client-side navigation; modified clicks (new tab),
   * downloads, other targets and other origins keep the browser's behaviour.
   */
  handleClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a') as Element | null | undefined;
    // Attributes rather than a.href/a.target: an SVG <a> (the course map) has no string href.
    const target = a?.getAttribute('target');
    if (!a || a.hasAttribute('download') || (target && target !== '_self')) return;
    const href = a.getAttribute('href');
    if (!href || href.startsWith('#')) return;
    const url = new URL(href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/data/')) return;
    event.preventDefault();
    if (url.pathname + url.search !== location.pathname + location.search) this.go(url.pathname + url.search + url.hash);
    else if (url.hash && url.hash !== location.hash) {
      // Another anchor on this page: a history entry and a scroll, not a navigation.
      history.pushState(null, '', url.hash);
      this.hash = url.hash;
      document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView({ block: 'center' });
    }
  };
}

export const router = new Router();
