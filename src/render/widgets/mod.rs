//! The widgets shortcodes become, whatever dialect names them: admonitions, tabs,
//! collapsibles, code, embeds, cards, files, buttons, QR codes, and the block writing they
//! share (`markup`).

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
pub(crate) mod qr;
pub(crate) mod tabs;
