//! The web app is built into the binary (src/web_app.rs): build it again when web/dist changes,
//! files added or removed included (the embedding macro sees only the files it includes).
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
}
