/**
 * The site icon: a small SVG (a dumbbell on the brand green), served as `/assets/favicon.svg`
 * from this module on both runtimes (no asset file or binding needed). Every page links it, so
 * browsers do not ask for `/favicon.ico` (which stays a 404).
 */
export const FAVICON_NAME = 'favicon.svg';
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1b6e3a"/><rect x="6" y="10" width="4" height="12" rx="1" fill="#fff"/><rect x="22" y="10" width="4" height="12" rx="1" fill="#fff"/><rect x="3" y="13" width="3" height="6" rx="1" fill="#fff"/><rect x="26" y="13" width="3" height="6" rx="1" fill="#fff"/><rect x="10" y="14.5" width="12" height="3" fill="#fff"/></svg>`;
