// ftp-explorer's service worker: once the page has loaded, it works offline. It serves and caches only
// the page's own files (same origin, GET) and fetches nothing else: pasted text never reaches it.
const CACHE = 'ftp-explorer-v1';

// At install, cache the page and every file it names (the hashed .js/.wasm/.css that Trunk wrote), so
// even the first visit is enough to work offline afterwards.
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const response = await fetch('./', { cache: 'no-cache' });
    const html = await response.clone().text();
    await cache.put('./', response);
    const named = [...html.matchAll(/["'](\.\/[^"']+\.(?:js|wasm|css))["']/g)].map((m) => m[1]);
    await cache.addAll([...new Set(named)]);
    await self.skipWaiting();
  })());
});

// Drop the caches of older versions; take over open pages at once.
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// Network first (a new build is picked up when online), the cache when offline.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    try {
      const response = await fetch(request);
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(request, copy));
      }
      return response;
    } catch (offline) {
      const cached = await caches.match(request, { ignoreSearch: true });
      return cached ?? (request.mode === 'navigate' ? caches.match('./') : Response.error());
    }
  })());
});
