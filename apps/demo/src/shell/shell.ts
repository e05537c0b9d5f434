import { h } from '../lib/controls';
import type { DemoPage, PageContext } from './page';
import { formatHash, mergeParams, parseHash } from './url-state';

/**
 * Builds the header, navigation and page area, and mounts the page named by the URL hash.
 * A hash change to another slug unmounts the current page (its cleanup stops workers and
 * timers) and mounts the new one; a change of only the query re-mounts too, so pasting a
 * shared address restores its state. Settings changed through `ctx.setParams` are written
 * with `history.replaceState`, which fires no `hashchange`, so the page is not rebuilt while
 * the user drags a slider.
 */
export function startShell(app: HTMLElement, pages: readonly DemoPage[]): void {
  if (pages.length === 0) throw new Error('startShell: expected at least one page, got 0');
  const nav = h('nav', { class: 'site-nav', 'aria-label': 'Pages' });
  const links = new Map<string, HTMLAnchorElement>();
  pages.forEach((page, i) => {
    const link = h(
      'a',
      { href: `#/${page.slug}`, 'data-slug': page.slug },
      h('span', { class: 'nav-number' }, `${i + 1}`),
      page.title,
    );
    links.set(page.slug, link);
    nav.append(link);
  });
  const header = h(
    'header',
    { class: 'site-header' },
    h('a', { class: 'site-title', href: '#/' }, 'convkit'),
    h('span', { class: 'site-tagline' }, 'questions about CNNs, answered live'),
  );
  const heading = h('h1', { class: 'page-question' });
  const root = h('div', { class: 'page-root' });
  const main = h('main', { class: 'page' }, heading, root);
  const footer = h(
    'footer',
    { class: 'site-footer' },
    'Everything here runs in your browser on convkit itself: no server, no downloads. Settings live in the address bar; copy it to share a state.',
  );
  app.replaceChildren(header, nav, main, footer);

  let cleanup: (() => void) | null = null;
  let current: DemoPage | null = null;
  let currentHash = '';

  function show(): void {
    const route = parseHash(location.hash);
    const page = pages.find((p) => p.slug === route.slug) ?? pages[0];
    if (page.slug !== route.slug) {
      // Unknown or empty slug: land on the first page, keeping the address honest.
      history.replaceState(
        null,
        '',
        formatHash({ slug: page.slug, params: new URLSearchParams() }),
      );
    }
    if (location.hash === currentHash && current === page) return;
    cleanup?.();
    cleanup = null;
    current = page;
    currentHash = location.hash;
    for (const [slug, link] of links) {
      if (slug === page.slug) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    heading.textContent = page.question;
    document.title = `${page.title} · convkit demo`;
    root.replaceChildren();
    root.dataset.page = page.slug;
    let params = parseHash(location.hash).params;
    const ctx: PageContext = {
      get params() {
        return new URLSearchParams(params);
      },
      setParams(update) {
        if (current !== page) return;
        params = mergeParams(params, update);
        currentHash = formatHash({ slug: page.slug, params });
        history.replaceState(null, '', currentHash);
      },
    };
    try {
      cleanup = page.mount(root, ctx);
    } catch (error) {
      // Show the failure in the page instead of a blank area; the console keeps the stack.
      console.error(error);
      root.replaceChildren(
        h('p', { class: 'error' }, `This page failed to start: ${String(error)}`),
      );
    }
    window.scrollTo(0, 0);
  }

  window.addEventListener('hashchange', show);
  show();
}
