//! CLI transcripts: each `tests/cmd/<case>.toml` runs `waymark` with its arguments in a
//! copy of `<case>.in/` and compares exit code, stdout and stderr with `<case>.stdout`
//! and `<case>.stderr` (`[..]` stands for a varying part, such as a time). Error
//! messages are reviewed there as documentation. `TRYCMD=overwrite cargo test` rewrites
//! the expectations after a deliberate change.

#[test]
fn cli_transcripts() {
    trycmd::TestCases::new()
        .register_bin(
            "waymark",
            std::path::Path::new(env!("CARGO_BIN_EXE_waymark")),
        )
        .case("tests/cmd/*.toml");
}
