//! Links the `mdbook-hugo` binary (and the examples, among them the speed script's
//! do-nothing floor, so that both sides of a comparison are linked alike) as
//! position-dependent executables on GNU/Linux.
//!
//! Why: a position-independent executable has its pointer tables (trait-object vtables,
//! the emoji, HTML-entity and Unicode tables of our dependencies: about 63,000 pointers,
//! 1.3 MB) rewritten by the dynamic loader at every start. mdBook starts a preprocessor
//! twice per build (`supports`, then the run), so that is paid twice: a one-chapter book took
//! 2.7 ms and 492 page faults linked so, 1.5 ms and 159 page faults without it (perf stat,
//! 30 runs). The cost is address-space layout randomisation of the executable's own code
//! and data (libraries, stack and heap stay randomised), the same trade Go makes by default
//! for Hugo's own binary. Other targets, musl included (static-pie), and static glibc builds
//! are left as they are.
//!
//! Rule source: gcc's `-no-pie` (last of `-pie`/`-no-pie` wins; rustc passes `-pie` first),
//! Cargo's `cargo:rustc-link-arg-bins` and `cargo:rustc-link-arg-examples`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    // A static glibc build (`-C target-feature=+crt-static`) links as static-pie: left alone.
    let static_crt = std::env::var("CARGO_CFG_TARGET_FEATURE")
        .unwrap_or_default()
        .split(',')
        .any(|feature| feature == "crt-static");
    if os == "linux" && env == "gnu" && !static_crt {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        println!("cargo:rustc-link-arg-examples=-no-pie");
    }
}
