//! Zeren's pure core: the regulation 《党委(党组)网络安全工作责任制实施办法》 as data, case files,
//! the judge of Article 8's seven items, accountability, scenarios and the engine that plays
//! them, and diagnostics.
//!
//! No I/O, no clock, no OS randomness: the same input gives the same output on every platform,
//! natively and in WebAssembly. Files come in as text; verdicts and diagnostics go out as data.

pub mod accountability;
pub mod analysis;
pub mod builtin;
pub mod case;
pub mod cohort;
pub mod conditions;
pub mod counterfactual;
pub mod debrief;
pub mod diagnostic;
pub mod engine;
pub mod explain;
pub mod facts;
pub mod judge;
pub mod lang;
pub mod limits;
pub mod params;
pub mod pre_read;
pub mod regulation;
pub mod report;
pub mod run;
pub mod scenario;
pub mod sentences;
pub mod settings;
pub mod simulate;
pub mod sort;
pub mod testing;
pub mod text;
#[cfg(feature = "read")]
pub mod toml_reader;
pub mod transcript;
pub mod verdict;

pub use case::Case;
#[cfg(feature = "read")]
pub use case::parse_case;
pub use diagnostic::{Diagnostic, Severity};
pub use judge::{Settings, judge};
pub use params::{Params, Readings};
pub use scenario::Scenario;
#[cfg(feature = "read")]
pub use scenario::parse_scenario;
pub use verdict::{Lang, Verdict};

#[cfg(test)]
mod architecture {
    //! No import loops between the modules of the core, nor between the screens of the web
    //! crate: each module's `crate::…` references outside its tests form an acyclic graph.

    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Each top-level module of the crate whose sources are under `src`, with the modules it uses.
    fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
        let mut graph = BTreeMap::new();
        let Ok(entries) = std::fs::read_dir(src) else {
            return graph;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
                continue;
            };
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let mut files = vec![path.clone()];
            if let Ok(sub) = std::fs::read_dir(src.join(&name)) {
                files.extend(sub.flatten().map(|e| e.path()));
            }
            let mut uses = BTreeSet::new();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                // Tests may reach anywhere: only the code before them counts.
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for part in code.split("crate::").skip(1) {
                    let module: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !module.is_empty() && module != name {
                        uses.insert(module);
                    }
                }
            }
            graph.insert(name, uses);
        }
        graph
    }

    /// A cycle in the graph, if there is one, as the modules along it.
    fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
        fn visit(
            node: &str,
            graph: &BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<String>,
            done: &mut BTreeSet<String>,
        ) -> Option<Vec<String>> {
            if let Some(start) = path.iter().position(|n| n == node) {
                let mut c = path[start..].to_vec();
                c.push(node.to_owned());
                return Some(c);
            }
            if done.contains(node) {
                return None;
            }
            path.push(node.to_owned());
            for next in graph.get(node).into_iter().flatten() {
                if let Some(c) = visit(next, graph, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            done.insert(node.to_owned());
            None
        }
        let mut done = BTreeSet::new();
        graph.keys().find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
    }

    #[test]
    fn the_core_has_no_import_loops() {
        let graph = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
        assert!(graph.len() > 15, "the sources were read");
        assert_eq!(cycle(&graph), None);
    }

    #[test]
    fn the_web_crate_has_no_import_loops() {
        let graph = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/src"));
        assert!(graph.len() > 10, "the sources were read");
        assert_eq!(cycle(&graph), None);
    }

    /// The sentences of the debrief, the report and the analysis are written once, in the core
    /// (`sentences.rs`, `explain.rs`, `text.rs`): the front ends hold none of their words.
    #[test]
    fn the_front_ends_write_no_sentence_of_the_core() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let owned = [
            "穷举全部路径",
            "Every path walked",
            "就不会触发",
            "would not fire",
            "条件成立",
            "nothing fires",
            "没有一条路径",
            "改为随机抽样",
            "random sample",
            "领导责任",
            "leadership responsibility",
        ];
        for dir in ["web/src", "crates/zeren-cli/src"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                panic!("{dir} unreadable")
            };
            for file in entries.flatten().map(|e| e.path()) {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for words in owned {
                    assert!(
                        !code.contains(words),
                        "{} writes “{words}”: take it from the core",
                        file.display()
                    );
                }
            }
        }
    }

    #[test]
    fn a_loop_is_found() {
        let mut graph = BTreeMap::new();
        graph.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
        graph.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
        assert!(cycle(&graph).is_some());
    }
}
