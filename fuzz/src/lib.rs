//! The bodies of the cx-core fuzz targets, shared by the libFuzzer binaries in
//! `fuzz/fuzz_targets/` (nightly, `cargo fuzz run NAME`) and by the stable replay test
//! `cx-core/tests/fuzz_regressions.rs`, which runs every committed seed through them.
//!
//! Every target checks one invariant: no panic, and every number in an `Ok` result is finite
//! (or inside its documented range), otherwise a `CxError`. Inputs are capped in size so that
//! one run stays in milliseconds even for the slow fits.

use arbitrary::{Result as ArbResult, Unstructured};
use cx_core::CxError;
use cx_core::churn::{
    ChurnClassifier, auc, brier_score, calibration_table, churn_metrics, lift_at, log_loss,
};
use cx_core::clv::{
    BgBb, BgBbData, BgBbParams, BgNbd, BgNbdParams, GammaGamma, GammaGammaParams, MbgNbd,
    MbgNbdParams, ParetoNbd, ParetoNbdParams, PurchaseModel, RepeatData, SpendData,
};
use cx_core::journey::{
    AttributionModel, FunnelColumns, FunnelIds, FunnelOrder, FunnelSpec, FunnelStepSpec, PathData,
    Touch, attribution, funnel, funnel_columns, parse_duration,
};
use cx_core::portable::{from_document, to_document};
use cx_core::retention::{
    KaplanMeier, KaplanMeierOptions, SbgParams, ShiftedBetaGeometric, kaplan_meier,
    kaplan_meier_by_segment,
};
use cx_core::survey::{
    CesOptions, CsatOptions, IntervalMethod, NpsOptions, NpsSummary, NpsTally, ScoreTally, ces,
    compare_nps, csat, nps,
};

/// Most rows a fit target builds (fits are the slow targets).
pub const MAX_FIT_ROWS: usize = 40;
/// Most events or paths the journey and survey targets build.
pub const MAX_ROWS: usize = 64;
/// Highest optimizer iteration cap a fit target asks for.
pub const MAX_ITERATIONS: u64 = 400;

/// A target body: one input, no result (a failed invariant panics).
pub type Target = fn(&[u8]);

/// Every target, by the name of its file in `fuzz/fuzz_targets/` and its corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("io_readers", io_readers),
    ("portable_load", portable_load),
    ("clv_fit", clv_fit),
    ("retention_fit", retention_fit),
    ("churn_fit", churn_fit),
    ("journey", journey),
    ("survey", survey),
];

/// With `CX_FUZZ_DEBUG` set, prints a decoded input (to see what a crashing seed holds).
fn debug(what: &dyn Fn() -> String) {
    if std::env::var_os("CX_FUZZ_DEBUG").is_some() {
        eprintln!("{}", what());
    }
}

/// Panics unless `v` is finite: the invariant every `Ok` number must meet.
#[track_caller]
fn finite(what: &str, v: f64) {
    assert!(v.is_finite(), "{what} is not finite: {v}");
}

/// Panics unless `v` is a probability.
#[track_caller]
fn probability(what: &str, v: f64) {
    assert!((0.0..=1.0).contains(&v), "{what} is not in [0, 1]: {v}");
}

/// An `Ok` number must be finite; an error is fine. The error must display (bindings do).
#[track_caller]
fn ok_finite(what: &str, r: Result<f64, CxError>) {
    match r {
        Ok(v) => finite(what, v),
        Err(e) => drop(e.to_string()),
    }
}

/// A float that is usually a plausible value (a count, a time, a fraction) and sometimes
/// anything: arbitrary bits, NaN, the infinities, zeros of both signs, the extremes.
fn num(u: &mut Unstructured<'_>) -> ArbResult<f64> {
    Ok(match u.int_in_range(0u8..=9)? {
        0 => f64::from_bits(u.arbitrary()?),
        1..=3 => f64::from(u.int_in_range(0u8..=40)?),
        4 => f64::from(u.int_in_range(0u16..=2000)?) / 8.0,
        5 => *u.choose(&[
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            -1.0,
            0.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e300,
            1e-300,
            5e-324,
            1e4,
        ])?,
        6 => -f64::from(u.int_in_range(0u16..=1000)?) / 4.0,
        _ => f64::from(u.int_in_range(0u32..=100_000)?) / 1000.0,
    })
}

fn nums(u: &mut Unstructured<'_>, n: usize) -> ArbResult<Vec<f64>> {
    (0..n).map(|_| num(u)).collect()
}

fn len(u: &mut Unstructured<'_>, max: usize) -> ArbResult<usize> {
    u.int_in_range(0..=max)
}

/// Usually `n` (a column as long as the others), sometimes another length up to `n + 2`.
fn like(u: &mut Unstructured<'_>, n: usize) -> ArbResult<usize> {
    if u.ratio(7u8, 8)? {
        Ok(n)
    } else {
        len(u, n + 2)
    }
}

/// A short name from a small alphabet (so that names repeat), or any short string.
fn name(u: &mut Unstructured<'_>) -> ArbResult<String> {
    if u.ratio(1u8, 8)? {
        let s: &str = u.arbitrary()?;
        return Ok(s.chars().take(12).collect());
    }
    Ok((*u.choose(&["a", "b", "c", "d", "e", "visit", "buy", ""])?).to_string())
}

/// Purchase histories (frequency, recency, T) and optional weights: usually consistent
/// (recency ≤ T, recency = 0 exactly when frequency = 0), sometimes raw.
type Histories = (Vec<f64>, Vec<f64>, Vec<f64>, Option<Vec<f64>>);

fn histories(u: &mut Unstructured<'_>, whole_t: bool) -> ArbResult<Histories> {
    let n = len(u, MAX_FIT_ROWS)?;
    let consistent = u.ratio(3u8, 4)?;
    let (mut x, mut tx, mut t) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        if consistent {
            let big_t = if whole_t {
                f64::from(u.int_in_range(1u8..=30)?)
            } else {
                num(u)?.abs()
            };
            let f = f64::from(u.int_in_range(0u8..=if whole_t { 30 } else { 50 })?);
            let f = if whole_t { f.min(big_t) } else { f };
            let r = if f == 0.0 {
                0.0
            } else if whole_t {
                f64::from(u.int_in_range(0u8..=30)?).clamp(f, big_t)
            } else {
                big_t * f64::from(u.int_in_range(1u8..=100)?) / 100.0
            };
            x.push(f);
            tx.push(r);
            t.push(big_t);
        } else {
            x.push(num(u)?);
            tx.push(num(u)?);
            t.push(num(u)?);
        }
    }
    let weights = if u.ratio(1u8, 4)? {
        let m = like(u, n)?;
        Some(nums(u, m)?)
    } else {
        None
    };
    Ok((x, tx, t, weights))
}

fn iterations(u: &mut Unstructured<'_>) -> ArbResult<u64> {
    u.int_in_range(0..=MAX_ITERATIONS)
}

fn tolerance(u: &mut Unstructured<'_>) -> ArbResult<f64> {
    Ok(if u.ratio(3u8, 4)? { 1e-8 } else { num(u)? })
}

/// Predictions of a continuous-time purchase model at a few histories: finite or an error,
/// `p_alive` a probability.
fn check_purchase_model<M: PurchaseModel + std::fmt::Debug>(
    m: &M,
    u: &mut Unstructured<'_>,
) -> ArbResult<()> {
    let probes = [
        (0.0, 0.0, 10.0),
        (2.0, 5.0, 10.0),
        (num(u)?, num(u)?, num(u)?),
    ];
    for (x, tx, t) in probes {
        if let Ok(p) = m.p_alive(x, tx, t) {
            assert!(
                (0.0..=1.0).contains(&p),
                "p_alive{:?} of {m:?} is {p}",
                (x, tx, t)
            );
        }
        let h = num(u)?;
        if let Ok(v) = m.expected_purchases(h, x, tx, t) {
            assert!(
                v.is_finite(),
                "expected_purchases{:?} of {m:?} is {v}",
                (h, x, tx, t)
            );
        }
    }
    let h = num(u)?;
    if let Ok(v) = m.expected_purchases_new(h) {
        assert!(v.is_finite(), "expected_purchases_new({h}) of {m:?} is {v}");
    }
    Ok(())
}

fn check_fit<P>(
    what: &str,
    params: &[f64],
    ll: f64,
    se: Option<&P>,
    se_values: impl Fn(&P) -> Vec<f64>,
) {
    for &p in params {
        assert!(p.is_finite() && p > 0.0, "{what}: parameter {p} of a fit");
    }
    finite("log_likelihood", ll);
    if let Some(se) = se {
        for v in se_values(se) {
            finite("standard error", v);
        }
    }
}

fn bg_vec(p: &BgNbdParams) -> Vec<f64> {
    vec![p.r, p.alpha, p.a, p.b]
}
fn mbg_vec(p: &MbgNbdParams) -> Vec<f64> {
    vec![p.r, p.alpha, p.a, p.b]
}
fn pareto_vec(p: &ParetoNbdParams) -> Vec<f64> {
    vec![p.r, p.alpha, p.s, p.beta]
}
fn bgbb_vec(p: &BgBbParams) -> Vec<f64> {
    vec![p.alpha, p.beta, p.gamma, p.delta]
}
fn gg_vec(p: &GammaGammaParams) -> Vec<f64> {
    vec![p.p, p.q, p.v]
}

fn check_bgbb(m: &BgBb, u: &mut Unstructured<'_>) -> ArbResult<()> {
    let probes = [
        (0.0, 0.0, 6.0),
        (2.0, 4.0, 6.0),
        (num(u)?, num(u)?, num(u)?),
    ];
    for (x, tx, n) in probes {
        if let Ok(p) = m.p_alive(x, tx, n) {
            probability("bg_bb p_alive", p);
        }
        let n_star = u.int_in_range(0u32..=1000)?;
        ok_finite(
            &format!(
                "bg_bb expected_purchases{:?} of {:?}",
                (n_star, x, tx, n),
                m.params
            ),
            m.expected_purchases(n_star, x, tx, n),
        );
    }
    finite(
        "bg_bb expected_purchases_new",
        m.expected_purchases_new(u.int_in_range(0u32..=1000)?),
    );
    Ok(())
}

fn check_gamma_gamma(m: &GammaGamma, u: &mut Unstructured<'_>) -> ArbResult<()> {
    for (f, v) in [(3.0, 25.0), (num(u)?, num(u)?)] {
        if let Ok(s) = m.expected_spend(f, v) {
            // +∞ is the documented mean when p·x + q ≤ 1 (q ≤ 1: no finite mean); NaN never.
            let infinite_mean = m.params.p * f + m.params.q - 1.0 <= 0.0;
            assert!(
                s.is_finite() || (infinite_mean && s == f64::INFINITY),
                "expected_spend({f}, {v}) of {:?} is {s}",
                m.params
            );
        }
    }
    Ok(())
}

fn check_sbg(m: &ShiftedBetaGeometric, u: &mut Unstructured<'_>) -> ArbResult<()> {
    let t = u.int_in_range(0u32..=10_000)?;
    let at = format!(
        " at t = {t} of (alpha, beta) = ({:?}, {:?})",
        m.alpha, m.beta
    );
    probability(
        &format!("sbg churn_probability{at}"),
        m.churn_probability(t.max(1)),
    );
    probability(&format!("sbg survival{at}"), m.survival(t));
    probability(
        &format!("sbg retention_rate{at}"),
        m.retention_rate(t.max(1)),
    );
    // +∞ is documented for α ≤ 1; NaN never.
    assert!(
        !m.expected_lifetime().is_nan(),
        "sbg expected_lifetime is NaN"
    );
    if let Ok(v) = m.discounted_expected_residual_lifetime(num(u)?, t) {
        assert!(!v.is_nan(), "sbg residual lifetime is NaN");
    }
    Ok(())
}

fn check_km(m: &KaplanMeier, u: &mut Unstructured<'_>) -> ArbResult<()> {
    for row in &m.table {
        finite("km time", row.time);
        for v in [row.survival, row.ci_low, row.ci_high] {
            probability(&format!("km row {row:?} of level {}", m.level), v);
        }
    }
    assert!(!m.median.is_nan(), "km median is NaN");
    let t = num(u)?;
    let s = m.survival_at(t);
    if !t.is_nan() {
        probability("km survival_at", s);
    }
    Ok(())
}

fn check_churn(m: &ChurnClassifier, u: &mut Unstructured<'_>) -> ArbResult<()> {
    let p = m.n_features();
    let rows = len(u, 4)?;
    let x = nums(u, rows * p)?;
    if let Ok(probs) = m.predict_proba(&x) {
        for (i, v) in probs.into_iter().enumerate() {
            // A non-finite feature may give NaN; finite features must give a probability.
            if x[i * p..(i + 1) * p].iter().all(|v| v.is_finite()) {
                probability("predict_proba", v);
            }
        }
    }
    Ok(())
}

/// CSV and CDNOW readers, the timestamp and duration parsers, on arbitrary text.
pub fn io_readers(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => {
            if let Ok(rows) = cx_core::io::read_transactions_csv(
                rest,
                &cx_core::io::TransactionColumns::default(),
            ) {
                for r in rows {
                    finite("amount", r.amount);
                }
            }
        }
        1 => {
            if let Ok(rows) =
                cx_core::io::read_survey_csv(rest, &cx_core::io::SurveyColumns::default())
            {
                for r in rows {
                    finite("score", r.score);
                }
            }
        }
        2 => {
            if let Ok(rows) = cx_core::io::read_cdnow(rest) {
                for r in rows {
                    finite("amount", r.transaction.amount);
                }
            }
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            let _ = cx_core::domain::parse_timestamp(&text);
            let _ = parse_duration(&text);
        }
    }
}

/// Every portable document kind read from the same text; what loads must predict finite
/// numbers (or refuse), and write itself back.
pub fn portable_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Probe values come from the document's own bytes: the text itself is the input.
    let mut u = Unstructured::new(data);
    let u = &mut u;
    if let Ok(m) = from_document::<BgNbd>(text) {
        let _ = check_purchase_model(&m, u);
        let _ = m
            .probability_of_n_purchases(5.0, 2)
            .map(|p| probability("p_n", p));
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<MbgNbd>(text) {
        let _ = check_purchase_model(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<ParetoNbd>(text) {
        let _ = check_purchase_model(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<BgBb>(text) {
        let _ = check_bgbb(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<GammaGamma>(text) {
        let _ = check_gamma_gamma(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<ShiftedBetaGeometric>(text) {
        let _ = check_sbg(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<ChurnClassifier>(text) {
        let _ = check_churn(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(m) = from_document::<KaplanMeier>(text) {
        let _ = check_km(&m, u);
        let _ = to_document(&m);
    }
    if let Ok(t) = from_document::<NpsTally>(text) {
        if let Ok(r) = t.result(NpsOptions::default()) {
            finite("nps score", r.score);
        }
        let _ = to_document(&t);
    }
}

fn fit_bgbb(u: &mut Unstructured<'_>, tol: f64, iters: u64) -> ArbResult<()> {
    let (x, tx, n, w) = histories(u, true)?;
    debug(&|| format!("bg_bb x={x:?} tx={tx:?} n={n:?} w={w:?} tol={tol} iters={iters}"));
    let Ok(data) = BgBbData::new(&x, &tx, &n, w.as_deref()) else {
        return Ok(());
    };
    let mut c = BgBb::params().tolerance(tol).max_iterations(iters);
    if u.ratio(1u8, 4)? {
        c = c.initial(BgBbParams {
            alpha: num(u)?,
            beta: num(u)?,
            gamma: num(u)?,
            delta: num(u)?,
        });
    }
    if let Ok(m) = c.fit(&data) {
        let p = bgbb_vec(&m.params);
        check_fit(
            "bg_bb",
            &p,
            m.log_likelihood,
            m.standard_errors.as_ref(),
            bgbb_vec,
        );
        check_bgbb(&m, u)?;
    }
    Ok(())
}

fn fit_gamma_gamma(u: &mut Unstructured<'_>, tol: f64, iters: u64) -> ArbResult<()> {
    let n = len(u, MAX_FIT_ROWS)?;
    let f: Vec<f64> = if u.ratio(3u8, 4)? {
        (0..n)
            .map(|_| u.int_in_range(1u8..=20).map(f64::from))
            .collect::<ArbResult<_>>()?
    } else {
        nums(u, n)?
    };
    let m_v = {
        let k = like(u, n)?;
        nums(u, k)?
    };
    let w = if u.ratio(1u8, 4)? {
        Some(nums(u, n)?)
    } else {
        None
    };
    let Ok(data) = SpendData::new(&f, &m_v, w.as_deref()) else {
        return Ok(());
    };
    let mut c = GammaGamma::params().tolerance(tol).max_iterations(iters);
    if u.ratio(1u8, 4)? {
        c = c.initial(GammaGammaParams {
            p: num(u)?,
            q: num(u)?,
            v: num(u)?,
        });
    }
    if let Ok(m) = c.fit(&data) {
        let p = gg_vec(&m.params);
        check_fit(
            "gamma_gamma",
            &p,
            m.log_likelihood,
            m.standard_errors.as_ref(),
            gg_vec,
        );
        check_gamma_gamma(&m, u)?;
    }
    Ok(())
}

fn fit_repeat(u: &mut Unstructured<'_>, model: u8, tol: f64, iters: u64) -> ArbResult<()> {
    let (x, tx, t, w) = histories(u, false)?;
    debug(&|| format!("model {model}: x={x:?} tx={tx:?} t={t:?} w={w:?} tol={tol} iters={iters}"));
    let Ok(data) = RepeatData::new(&x, &tx, &t, w.as_deref()) else {
        return Ok(());
    };
    let start = if u.ratio(1u8, 4)? {
        Some([num(u)?, num(u)?, num(u)?, num(u)?])
    } else {
        None
    };
    match model {
        0 => {
            let mut c = BgNbd::params().tolerance(tol).max_iterations(iters);
            if let Some([r, alpha, a, b]) = start {
                c = c.initial(BgNbdParams { r, alpha, a, b });
            }
            if let Ok(m) = c.fit(&data) {
                let p = bg_vec(&m.params);
                check_fit(
                    "bg_nbd",
                    &p,
                    m.log_likelihood,
                    m.standard_errors.as_ref(),
                    bg_vec,
                );
                check_purchase_model(&m, u)?;
            }
        }
        1 => {
            let mut c = MbgNbd::params().tolerance(tol).max_iterations(iters);
            if let Some([r, alpha, a, b]) = start {
                c = c.initial(MbgNbdParams { r, alpha, a, b });
            }
            if let Ok(m) = c.fit(&data) {
                let p = mbg_vec(&m.params);
                check_fit(
                    "mbg_nbd",
                    &p,
                    m.log_likelihood,
                    m.standard_errors.as_ref(),
                    mbg_vec,
                );
                check_purchase_model(&m, u)?;
            }
        }
        _ => {
            let mut c = ParetoNbd::params().tolerance(tol).max_iterations(iters);
            if let Some([r, alpha, s, beta]) = start {
                c = c.initial(ParetoNbdParams { r, alpha, s, beta });
            }
            if let Ok(m) = c.fit(&data) {
                let p = pareto_vec(&m.params);
                check_fit(
                    "pareto_nbd",
                    &p,
                    m.log_likelihood,
                    m.standard_errors.as_ref(),
                    pareto_vec,
                );
                check_purchase_model(&m, u)?;
            }
        }
    }
    Ok(())
}

fn clv_fit_inner(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let model = u.int_in_range(0u8..=4)?;
    let tol = tolerance(u)?;
    let iters = iterations(u)?;
    match model {
        0..=2 => fit_repeat(u, model, tol, iters),
        3 => fit_bgbb(u, tol, iters),
        _ => fit_gamma_gamma(u, tol, iters),
    }
}

/// Every CLV fit (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma) on arbitrary histories,
/// tolerances, iteration caps and starting values, then its predictions.
pub fn clv_fit(data: &[u8]) {
    let _ = clv_fit_inner(&mut Unstructured::new(data));
}

fn retention_fit_inner(u: &mut Unstructured<'_>) -> ArbResult<()> {
    if u.arbitrary::<bool>()? {
        let n = len(u, MAX_FIT_ROWS)?;
        let survivors: Vec<f64> = if u.ratio(3u8, 4)? {
            // Non-increasing whole counts, the usual cohort shape.
            let mut s = f64::from(u.int_in_range(0u16..=5000)?);
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push(s);
                s -= (s * f64::from(u.int_in_range(0u8..=100)?) / 100.0).floor();
            }
            v
        } else {
            nums(u, n)?
        };
        let c = SbgParams::default()
            .tolerance(tolerance(u)?)
            .max_iterations(iterations(u)?);
        if let Ok(m) = c.fit(&survivors) {
            assert!(
                m.alpha.is_finite() && m.alpha > 0.0,
                "sbg alpha {}",
                m.alpha
            );
            assert!(m.beta.is_finite() && m.beta > 0.0, "sbg beta {}", m.beta);
            if let Some(ll) = m.log_likelihood {
                finite("sbg log_likelihood", ll);
            }
            check_sbg(&m, u)?;
        }
        if let (Ok(a), Ok(b)) = (num(u), num(u))
            && let Ok(m) = ShiftedBetaGeometric::from_params(a, b)
        {
            check_sbg(&m, u)?;
        }
    } else {
        let n = len(u, MAX_ROWS)?;
        let durations = nums(u, n)?;
        let observed = if u.arbitrary()? {
            let m = like(u, n)?;
            Some(
                (0..m)
                    .map(|_| {
                        if u.ratio(7u8, 8)? {
                            Ok(f64::from(u8::from(u.arbitrary::<bool>()?)))
                        } else {
                            num(u)
                        }
                    })
                    .collect::<ArbResult<Vec<f64>>>()?,
            )
        } else {
            None
        };
        let level = if u.ratio(3u8, 4)? { 0.95 } else { num(u)? };
        let options = KaplanMeierOptions { level };
        if let Ok(m) = kaplan_meier(&durations, observed.as_deref(), options) {
            check_km(&m, u)?;
        }
        let segments: Vec<String> = (0..n).map(|_| name(u)).collect::<ArbResult<_>>()?;
        if let Ok(all) =
            kaplan_meier_by_segment(&durations, observed.as_deref(), &segments, options)
        {
            for s in all {
                check_km(&s.result, u)?;
            }
        }
    }
    Ok(())
}

/// The shifted-beta-geometric fit on arbitrary cohorts and Kaplan–Meier on arbitrary
/// durations, with their predictions.
pub fn retention_fit(data: &[u8]) {
    let _ = retention_fit_inner(&mut Unstructured::new(data));
}

fn churn_fit_inner(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let p = u.int_in_range(0usize..=4)?;
    let n = len(u, MAX_FIT_ROWS)?;
    let x = {
        let k = like(u, n * p)?;
        nums(u, k)?
    };
    let y: Vec<f64> = (0..n)
        .map(|_| {
            if u.ratio(7u8, 8)? {
                Ok(f64::from(u8::from(u.arbitrary::<bool>()?)))
            } else {
                num(u)
            }
        })
        .collect::<ArbResult<_>>()?;
    let l2 = if u.arbitrary()? { 1.0 } else { num(u)? };
    let c = ChurnClassifier::params()
        .l2(l2)
        .standardize(u.arbitrary()?)
        .tolerance(tolerance(u)?)
        .max_iterations(iterations(u)?);
    if let Ok(m) = c.fit(&x, p, &y) {
        finite("intercept", m.intercept);
        for &w in &m.coefficients {
            finite("coefficient", w);
        }
        check_churn(&m, u)?;
    }
    // The metrics on labels and arbitrary scores.
    let scores = {
        let k = like(u, n)?;
        nums(u, k)?
    };
    ok_finite("auc", auc(&y, &scores));
    ok_finite("brier_score", brier_score(&y, &scores));
    ok_finite("log_loss", log_loss(&y, &scores));
    ok_finite("lift_at", lift_at(&y, &scores, num(u)?));
    if let Ok(bins) = calibration_table(&y, &scores, u.int_in_range(0usize..=12)?) {
        for b in bins {
            finite("calibration mean_predicted", b.mean_predicted);
            finite("calibration observed_rate", b.observed_rate);
        }
    }
    if let Ok(m) = churn_metrics(&y, &scores) {
        finite("churn_metrics auc", m.auc);
        finite("churn_metrics brier", m.brier);
        finite("churn_metrics log_loss", m.log_loss);
    }
    Ok(())
}

/// The churn classifier fit on arbitrary features and labels, its scoring and the metrics.
pub fn churn_fit(data: &[u8]) {
    let _ = churn_fit_inner(&mut Unstructured::new(data));
}

fn time(u: &mut Unstructured<'_>) -> ArbResult<i64> {
    Ok(if u.ratio(7u8, 8)? {
        i64::from(u.int_in_range(0u32..=2_000_000)?)
    } else {
        u.arbitrary()?
    })
}

fn funnel_named(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let n = len(u, MAX_ROWS)?;
    let customers: Vec<String> = (0..n).map(|_| name(u)).collect::<ArbResult<_>>()?;
    let times: Vec<i64> = (0..n).map(|_| time(u)).collect::<ArbResult<_>>()?;
    let events: Vec<String> = (0..n).map(|_| name(u)).collect::<ArbResult<_>>()?;
    let breakdown: Option<Vec<String>> = if u.arbitrary()? {
        Some((0..n).map(|_| name(u)).collect::<ArbResult<_>>()?)
    } else {
        None
    };
    let n_steps = u.int_in_range(0usize..=5)?;
    let mut steps = Vec::with_capacity(n_steps);
    for _ in 0..n_steps {
        let k = u.int_in_range(1usize..=3)?;
        let names: Vec<String> = (0..k).map(|_| name(u)).collect::<ArbResult<_>>()?;
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        steps.push(if k == 1 {
            FunnelStepSpec::event(names[0].clone())
        } else {
            FunnelStepSpec::any_of(name(u)?, &refs)
        });
    }
    let exclusions: Vec<String> = (0..len(u, 2)?).map(|_| name(u)).collect::<ArbResult<_>>()?;
    let spec = FunnelSpec {
        steps,
        window_seconds: time(u)?,
        order: *u.choose(&[
            FunnelOrder::Ordered,
            FunnelOrder::Strict,
            FunnelOrder::Unordered,
        ])?,
        exclusions,
        touch: *u.choose(&[Touch::FirstTouch, Touch::LastTouch])?,
    };
    if let Ok(r) = funnel(&customers, &times, &events, breakdown.as_deref(), &spec) {
        check_funnel(&r);
    }
    Ok(())
}

fn funnel_ids(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let n = len(u, MAX_ROWS)?;
    let mut customers: Vec<u32> = (0..n)
        .map(|_| u.int_in_range(0u32..=6))
        .collect::<ArbResult<_>>()?;
    let mut times: Vec<i64> = (0..n).map(|_| time(u)).collect::<ArbResult<_>>()?;
    if u.ratio(3u8, 4)? {
        // Mostly sorted, as the fast path requires.
        let mut rows: Vec<(u32, i64)> = customers
            .iter()
            .copied()
            .zip(times.iter().copied())
            .collect();
        rows.sort_unstable();
        customers = rows.iter().map(|r| r.0).collect();
        times = rows.iter().map(|r| r.1).collect();
    }
    let events: Vec<u32> = (0..n)
        .map(|_| u.int_in_range(0u32..=8))
        .collect::<ArbResult<_>>()?;
    let breakdown: Option<Vec<u32>> = if u.arbitrary()? {
        Some(
            (0..n)
                .map(|_| u.int_in_range(0u32..=3))
                .collect::<ArbResult<_>>()?,
        )
    } else {
        None
    };
    let n_steps = u.int_in_range(0usize..=5)?;
    let mut steps = Vec::with_capacity(n_steps);
    for _ in 0..n_steps {
        let k = u.int_in_range(0usize..=3)?;
        steps.push(
            (0..k)
                .map(|_| {
                    if u.ratio(15u8, 16)? {
                        u.int_in_range(0u32..=9)
                    } else {
                        u.arbitrary()
                    }
                })
                .collect::<ArbResult<Vec<u32>>>()?,
        );
    }
    let spec = FunnelIds {
        steps,
        exclusions: (0..len(u, 2)?)
            .map(|_| u.int_in_range(0u32..=9))
            .collect::<ArbResult<_>>()?,
        window_seconds: time(u)?,
        order: *u.choose(&[
            FunnelOrder::Ordered,
            FunnelOrder::Strict,
            FunnelOrder::Unordered,
        ])?,
        touch: *u.choose(&[Touch::FirstTouch, Touch::LastTouch])?,
    };
    let cols = FunnelColumns {
        customers: &customers,
        times: &times,
        events: &events,
        breakdown: breakdown.as_deref(),
    };
    if let Ok(r) = funnel_columns(&cols, &spec) {
        check_funnel(&r);
    }
    Ok(())
}

fn attribution_paths(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let n = len(u, 24)?;
    let mut paths = Vec::with_capacity(n);
    for _ in 0..n {
        let k = len(u, 6)?;
        paths.push(
            (0..k)
                .map(|_| name(u))
                .collect::<ArbResult<Vec<String>>>()?,
        );
    }
    let conversions = {
        let k = like(u, n)?;
        nums(u, k)?
    };
    let nulls = if u.arbitrary()? {
        Some(nums(u, n)?)
    } else {
        None
    };
    let values = if u.arbitrary()? {
        Some(nums(u, n)?)
    } else {
        None
    };
    let times: Option<Vec<Vec<f64>>> = if u.arbitrary()? {
        let mut all = Vec::with_capacity(n);
        for p in &paths {
            let mut t = 0.0;
            let mut v = Vec::with_capacity(p.len());
            for _ in 0..p.len() {
                t += if u.ratio(7u8, 8)? {
                    num(u)?.abs()
                } else {
                    num(u)?
                };
                v.push(t);
            }
            all.push(v);
        }
        Some(all)
    } else {
        None
    };
    let model = match u.int_in_range(0u8..=6)? {
        0 => AttributionModel::FirstTouch,
        1 => AttributionModel::LastTouch,
        2 => AttributionModel::Linear,
        3 => AttributionModel::PositionBased {
            first: num(u)?,
            last: num(u)?,
        },
        4 => AttributionModel::TimeDecay { half_life: num(u)? },
        5 => AttributionModel::Markov {
            order: u.int_in_range(0usize..=4)?,
        },
        _ => AttributionModel::Shapley,
    };
    let mut data = PathData::new(&paths, &conversions);
    if let Some(v) = &nulls {
        data = data.nulls(v);
    }
    if let Some(v) = &values {
        data = data.values(v);
    }
    if let Some(v) = &times {
        data = data.times(v);
    }
    if let Ok(r) = attribution(&data, model) {
        for c in &r.channels {
            finite("attribution conversions", c.conversions);
            if let Some(v) = c.value {
                finite("attribution value", v);
            }
            if let Some(v) = c.removal_effect {
                finite("removal effect", v);
            }
        }
    }
    Ok(())
}

fn journey_inner(u: &mut Unstructured<'_>) -> ArbResult<()> {
    match u.int_in_range(0u8..=2)? {
        0 => funnel_named(u),
        1 => funnel_ids(u),
        _ => attribution_paths(u),
    }
}

fn check_funnel(r: &cx_core::journey::FunnelReport) {
    let all = r
        .steps
        .iter()
        .chain(r.segments.iter().flat_map(|s| s.steps.iter()));
    for s in all {
        assert!(s.converted <= s.entered, "funnel: converted > entered");
        for v in [
            s.conversion_from_first,
            s.conversion_from_previous,
            s.median_seconds_to_convert,
            s.mean_seconds_to_convert,
            s.median_seconds_from_first,
            s.mean_seconds_from_first,
        ]
        .into_iter()
        .flatten()
        {
            finite("funnel number", v);
        }
    }
}

/// Funnels (named events and the interned fast path) and every attribution model on
/// arbitrary event logs and paths.
pub fn journey(data: &[u8]) {
    let _ = journey_inner(&mut Unstructured::new(data));
}

fn survey_inner(u: &mut Unstructured<'_>) -> ArbResult<()> {
    let n = len(u, MAX_ROWS)?;
    let scores: Vec<f64> = (0..n)
        .map(|_| {
            if u.ratio(7u8, 8)? {
                u.int_in_range(0u8..=11).map(f64::from)
            } else {
                num(u)
            }
        })
        .collect::<ArbResult<_>>()?;
    let weights = if u.arbitrary()? {
        Some({
            let k = like(u, n)?;
            nums(u, k)?
        })
    } else {
        None
    };
    let level = if u.ratio(3u8, 4)? { 0.95 } else { num(u)? };
    let method = *u.choose(&[IntervalMethod::Wald, IntervalMethod::AdjustedWald])?;
    let options = NpsOptions { level, method };
    if let Ok(r) = nps(&scores, weights.as_deref(), options) {
        check_nps(&r);
    }
    let mut tally = NpsTally::new();
    let _ = tally.add_scores(&scores);
    let bytes: Vec<u8> = u.arbitrary()?;
    let _ = tally.add_u8(&bytes);
    let other = if u.ratio(1u8, 8)? {
        NpsTally::from_counts(u.arbitrary()?, u.arbitrary()?, u.arbitrary()?)
    } else {
        NpsTally::from_counts(
            u.int_in_range(0..=1000)?,
            u.int_in_range(0..=1000)?,
            u.int_in_range(0..=1000)?,
        )
    };
    tally.merge(&other);
    if let Ok(r) = tally.result(options) {
        check_nps(&r);
    }
    if let (Ok(a), Ok(b)) = (
        NpsSummary::from_scores(&scores, weights.as_deref()),
        tally.summary(),
    ) && let Ok(c) = compare_nps(&a, &b, options)
    {
        finite("compare difference", c.difference);
        finite("compare p_value", c.p_value);
    }
    let (lo, hi) = (u.int_in_range(0u32..=12)?, u.int_in_range(0u32..=12)?);
    if let Ok(mut t) = ScoreTally::new(lo, hi) {
        let _ = t.add_scores(&scores);
        if let Ok(t2) = ScoreTally::new(u.int_in_range(0u32..=12)?, u.int_in_range(0u32..=12)?) {
            let _ = t.merge(&t2);
        }
        if let Some((m, v)) = t.mean_var() {
            finite("tally mean", m);
            finite("tally variance", v);
        }
    }
    let co = CsatOptions {
        scale: u.int_in_range(0u32..=12)?,
        top_box: u.int_in_range(0u32..=12)?,
        level,
    };
    if let Ok(r) = csat(&scores, co) {
        finite("csat score", r.score);
        finite("csat mean", r.mean);
        finite("csat ci low", r.ci.0);
        finite("csat ci high", r.ci.1);
    }
    let eo = CesOptions {
        scale: u.int_in_range(0u32..=12)?,
        level,
        low_is_easy: u.arbitrary()?,
    };
    if let Ok(r) = ces(&scores, eo) {
        finite("ces mean", r.mean);
        finite("ces ci low", r.ci.0);
        finite("ces ci high", r.ci.1);
    }
    Ok(())
}

fn check_nps(r: &cx_core::survey::NpsResult) {
    assert!(
        [r.score, r.std_error, r.ci.0, r.ci.1, r.effective_n]
            .iter()
            .all(|v| v.is_finite()),
        "nps result not finite: {r:?}"
    );
    finite("nps score", r.score);
    finite("nps std_error", r.std_error);
    finite("nps ci low", r.ci.0);
    finite("nps ci high", r.ci.1);
    finite("nps effective_n", r.effective_n);
}

/// NPS, CSAT and CES from scores, weights and options; NPS tallies added, merged and
/// compared; score tallies on arbitrary scales.
pub fn survey(data: &[u8]) {
    let _ = survey_inner(&mut Unstructured::new(data));
}
