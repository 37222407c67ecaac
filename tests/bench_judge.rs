//! `cargo bench -p zeren-tests`: judge + accountability (with the alternative readings) per case.

use criterion::{Criterion, criterion_group, criterion_main};
use zeren_core::{Settings, judge, parse_case};
use zeren_tests::{corpus, load};

fn bench(c: &mut Criterion) {
    let e1 = load("worked/e1-county-portal-defaced.toml");
    let collective = load("edge/collective-absent-and-dissent.toml");
    let settings = Settings::default();
    c.bench_function("judge E1", |b| {
        b.iter(|| judge(std::hint::black_box(&e1), &settings))
    });
    c.bench_function("judge collective decision", |b| {
        b.iter(|| judge(std::hint::black_box(&collective), &settings))
    });
    let source = std::fs::read_to_string(corpus().join("worked/e1-county-portal-defaced.toml"))
        .unwrap_or_default();
    c.bench_function("parse + judge E1", |b| {
        b.iter(|| {
            parse_case(std::hint::black_box(&source))
                .0
                .map(|case| judge(&case, &settings))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
