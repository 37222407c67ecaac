//! `cargo bench -p zeren-tests`: judge + accountability (with the alternative readings) per case,
//! random playthroughs of each built-in scenario (play to an ending, then the final verdict), and
//! the exhaustive analysis of each (the throughput is in paths per second).

use criterion::{Criterion, criterion_group, criterion_main};
use zeren_core::engine::Session;
use zeren_core::{Scenario, Settings, builtin, judge, parse_case};
use zeren_tests::{corpus, load};

fn bench(c: &mut Criterion) {
    let e1 = load("worked/e1-county-portal-defaced.toml");
    let collective = load("edge/collective-absent-and-dissent.toml");
    let settings = Settings::default();
    c.bench_function("judge E1", |b| b.iter(|| judge(std::hint::black_box(&e1), &settings)));
    c.bench_function("judge collective decision", |b| {
        b.iter(|| judge(std::hint::black_box(&collective), &settings))
    });
    let source = std::fs::read_to_string(corpus().join("worked/e1-county-portal-defaced.toml")).unwrap_or_default();
    c.bench_function("parse + judge E1", |b| {
        b.iter(|| {
            parse_case(std::hint::black_box(&source))
                .0
                .map(|case| judge(&case, &settings))
        })
    });
}

/// Plays one random path: at each decision, an option picked by a small generator from `seed`.
fn playthrough(scenario: &Scenario, seed: u64, settings: &Settings) -> usize {
    let mut session = Session::new(scenario, seed);
    let mut pick = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    while !session.state().ended() {
        let options = session.state().options(scenario);
        if options.is_empty() {
            break;
        }
        pick = pick
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let id = options[(pick >> 33) as usize % options.len()].id.clone();
        if session.choose(&id).is_err() {
            break;
        }
    }
    session.state().live(scenario, settings).verdict.fired.len()
}

fn playthroughs(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("random playthrough");
    group.throughput(criterion::Throughput::Elements(1));
    for scenario in builtin::all() {
        let mut seed = 0;
        group.bench_function(&scenario.id, |b| {
            b.iter(|| {
                seed += 1;
                playthrough(&scenario, seed, &settings)
            })
        });
    }
    group.finish();
}

fn analyses(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("exhaustive analysis");
    group.sample_size(10);
    for scenario in builtin::all() {
        let paths = zeren_core::analysis::analyse(&scenario, &settings, &Default::default()).paths;
        group.throughput(criterion::Throughput::Elements(paths));
        group.bench_function(&scenario.id, |b| {
            b.iter(|| zeren_core::analysis::analyse(&scenario, &settings, &Default::default()))
        });
    }
    group.finish();
}

/// The live verdict (what fires now, what is at risk within the hour) at each decision of a
/// built-in's golden path: what the play screen computes after every step.
fn live(c: &mut Criterion) {
    let settings = Settings::default();
    let mut group = c.benchmark_group("live verdict");
    for (id, steps) in [
        ("defacement", "escalate,maintenance,restore_first,comply,backup"),
        ("data-leak", "block,initial,quick,no_notify,provide,report_secret"),
    ] {
        let Some(scenario) = builtin::scenario(id) else {
            continue;
        };
        let mut session = Session::new(&scenario, 6);
        let mut states = vec![session.state().clone()];
        for step in steps.split(',') {
            if session.take(step).is_err() {
                break;
            }
            states.push(session.state().clone());
        }
        states.retain(|s| !s.ended());
        group.throughput(criterion::Throughput::Elements(states.len() as u64));
        group.bench_function(id, |b| {
            b.iter(|| {
                states
                    .iter()
                    .map(|s| s.live(&scenario, &settings).at_risk.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, playthroughs, analyses, live);
criterion_main!(benches);
