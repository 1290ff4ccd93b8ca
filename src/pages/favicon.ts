/**
 * The site icon: a small SVG (a dumbbell on the brand green), served at `/favicon.svg` by the
 * page routes on both runtimes (no asset binding needed); `/favicon.ico`, which browsers and
 * crawlers ask for on their own, redirects to it.
 */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1b6e3a"/><rect x="6" y="10" width="4" height="12" rx="1" fill="#fff"/><rect x="22" y="10" width="4" height="12" rx="1" fill="#fff"/><rect x="3" y="13" width="3" height="6" rx="1" fill="#fff"/><rect x="26" y="13" width="3" height="6" rx="1" fill="#fff"/><rect x="10" y="14.5" width="12" height="3" fill="#fff"/></svg>`;
