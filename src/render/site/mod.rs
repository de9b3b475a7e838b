//! A Hugo site's own templates, run as Hugo runs them: its shortcodes (`shortcodes`, with
//! Hugo's shortcode, page and site objects), the pages and sections they reach (`pages`),
//! bundle and `assets/` files (`resources`), heading ids (`fragments`), translations
//! (`i18n`), `transform.Remarshal` (`remarshal`), and its render hooks (`hooks`).

mod fragments;
pub mod hooks;
mod i18n;
mod pages;
mod remarshal;
mod resources;
pub mod shortcodes;
