//! A Hugo site's own templates, run as Hugo runs them: its shortcodes (`shortcodes`, with
//! Hugo's shortcode, page and site objects), the pages and sections they reach (`pages`) and their groups (`groups`),
//! bundle and `assets/` files (`resources`) and the sizes image processing gives them
//! (`images`), heading ids (`fragments`) and tables of contents (`toc`), translations
//! (`i18n`), the `os` functions (`os`), `transform.Remarshal` (`remarshal`), and its render hooks (`hooks`).

mod fragments;
mod groups;
pub mod hooks;
mod i18n;
mod images;
mod os;
mod pages;
mod remarshal;
mod resources;
pub mod shortcodes;
mod toc;
