/**
 * The demo keeps its whole state in the URL hash, `#/<slug>?key=value&…`, so a state can be
 * shared by copying the address. A hash (not a path) works on any static host with no
 * server-side routing, including `vite preview` and a plain file server.
 */
export interface Route {
  slug: string;
  params: URLSearchParams;
}

/** Parses `#/slug?query` (leading `#` and `/` optional). */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '').replace(/^\//, '');
  const cut = body.indexOf('?');
  const slug = decodeURIComponent(cut < 0 ? body : body.slice(0, cut));
  const params = new URLSearchParams(cut < 0 ? '' : body.slice(cut + 1));
  return { slug, params };
}

/** Builds `#/slug?query` (no `?` when there are no params). */
export function formatHash(route: Route): string {
  const query = route.params.toString();
  return `#/${encodeURIComponent(route.slug)}${query ? `?${query}` : ''}`;
}

/** Returns a copy of `params` with `update` merged in; `null` deletes a key. */
export function mergeParams(
  params: URLSearchParams,
  update: Record<string, string | null>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(update)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return next;
}
