//! Replays every committed fuzz input on stable: the seeds in `fuzz/corpus/TARGET/` and the
//! inputs that once crashed a target in `fuzz/regressions/TARGET/`, through the same target
//! bodies the libFuzzer binaries run (`fuzz/src/lib.rs`). A panic fails the test and names
//! the file; `make fuzz` (nightly) explores further.

#[allow(dead_code, missing_docs)]
#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::Path;

fn replay(dir: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("fuzz")
        .join(dir);
    let mut n = 0;
    for (target, run) in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let r = std::panic::catch_unwind(|| run(&data));
            assert!(r.is_ok(), "fuzz target {target} panics on {}", f.display());
            n += 1;
        }
    }
    n
}

#[test]
fn regression_inputs_replay_without_panics() {
    replay("regressions");
}

#[test]
fn corpus_seeds_replay_without_panics() {
    assert!(
        replay("corpus") > 0,
        "no committed fuzz seeds found under fuzz/corpus"
    );
}
