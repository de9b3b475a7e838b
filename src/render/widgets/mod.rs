//! The widgets shortcodes become, whatever dialect names them: admonitions, tabs,
//! collapsibles, code, embeds, cards, files, buttons, QR codes, steps, file trees, images
//! and videos (`media`), API reference boxes (`openapi`), and the block writing they share
//! (`markup`).

pub(crate) mod admonition;
pub(crate) mod attachments;
pub(crate) mod button;
pub(crate) mod cards;
pub(crate) mod code;
pub(crate) mod collapsible;
pub(crate) mod diagram;
pub(crate) mod embed;
pub(crate) mod files;
pub(crate) mod markup;
pub(crate) mod math;
pub(crate) mod media;
pub(crate) mod openapi;
pub(crate) mod qr;
pub(crate) mod steps;
pub(crate) mod tabs;
pub(crate) mod tree;
