//! The Evaluate stage's Explain section: pick an input, see how the model's output moves with
//! it (partial dependence, bold, over one thin ICE curve per test row) and the test rows the
//! model gets most wrong, in a table sortable by any column. The worker computes both
//! ([`crate::train::Command::Explain`], its code a chunk the worker fetches on first use); this
//! view is part of the result charts' chunk.

use crate::order::{by_numbers, by_texts, Direction};
use crate::train::explain::{CaseKind, Cases, Explanation};
use crate::train::FeatureDependence;
use crate::viz::{describe_dependence, draw_dependence, Theme};
use crate::web::components::common::chart::Chart;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::AppState;
use leptos::prelude::*;

const SIZE: (u32, u32) = (720, 400);

/// The wrong rows as a table: headers, and each row's cells as text.
fn table(cases: &Cases) -> (Vec<String>, Vec<Vec<String>>) {
    let score = match cases.kind {
        CaseKind::Misclassified => "P(predicted)",
        CaseKind::Worst => "|error|",
    };
    let mut head = vec!["test row".to_string(), "actual".into(), "predicted".into(), score.into()];
    if cases.kind == CaseKind::Misclassified {
        head.push("P(actual)".into());
    }
    head.extend(cases.columns.iter().cloned());
    let rows = cases
        .cases
        .iter()
        .map(|c| {
            let mut cells = vec![(c.row + 1).to_string(), c.actual.clone(), c.predicted.clone()];
            cells.push(crate::train::explain::units::number(c.score));
            if cases.kind == CaseKind::Misclassified {
                let actual = cases.classes.iter().position(|n| *n == c.actual);
                let p = actual.and_then(|a| c.probabilities.get(a)).copied().unwrap_or(f64::NAN);
                cells.push(crate::train::explain::units::number(p));
            }
            cells.extend(c.values.iter().cloned());
            cells
        })
        .collect();
    (head, rows)
}

/// Row order for sorting by column `col`: by number when every cell of it is one, else by text.
fn order(rows: &[Vec<String>], col: usize, descending: bool) -> Vec<usize> {
    let dir = Direction::from_descending(descending);
    let cells: Vec<&str> = rows.iter().map(|r| r.get(col).map_or("", String::as_str)).collect();
    let numbers: Option<Vec<f64>> = cells.iter().map(|c| c.parse::<f64>().ok()).collect();
    match numbers {
        Some(n) => by_numbers(&n, dir),
        None => by_texts(&cells, dir),
    }
}

/// The Explain section (shown once the run is finished and its importance measured).
pub(super) fn explain_view() -> impl IntoView {
    let state = expect_context::<AppState>();
    let decoded = Memo::new(move |_| {
        state.explained.with(|e| {
            e.as_ref()
                .map(|e| crate::spec::link::decode_json::<Explanation>(e.as_bytes()).map_err(|e| e.message.clone()))
        })
    });
    let answer = Memo::new(move |_| decoded.with(|d| d.clone().and_then(Result::ok)));
    // Inputs most important first, the first picked by default.
    let inputs = Memo::new(move |_| {
        state.importance.with(|i| {
            i.as_ref()
                .map(|i| i.order().into_iter().map(|j| (j, i.features[j].clone())).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let picked = RwSignal::new(None::<usize>);
    let open = RwSignal::new(false);
    let waiting = RwSignal::new(false);
    let ask = move |j: usize| {
        picked.set(Some(j));
        waiting.set(true);
        state.ask_explain(j as u32);
    };
    // A new run: nothing asked yet; ask again for the most important input if the section is open.
    Effect::new(move |_| {
        let first = inputs.with(|i| i.first().map(|f| f.0));
        picked.set(None);
        if let (true, Some(j)) = (open.get_untracked(), first) {
            ask(j);
        }
    });
    Effect::new(move |_| {
        if state.explained.with(Option::is_some) {
            waiting.set(false);
        }
    });
    let toggle = move |ev: leptos::ev::Event| {
        let now = event_target::<web_sys::HtmlElement>(&ev).has_attribute("open");
        open.set(now);
        if now && picked.get_untracked().is_none() {
            if let Some(j) = inputs.with_untracked(|i| i.first().map(|f| f.0)) {
                ask(j);
            }
        }
    };
    let pick = move |ev: leptos::ev::Event| {
        if let Ok(j) = event_target_value(&ev).parse::<usize>() {
            ask(j);
        }
    };
    let dependence = Memo::new(move |_| answer.with(|a| a.as_ref().and_then(|a| a.dependence.clone())));
    let label = Signal::derive(move || dependence.with(|d| d.as_ref().map(describe_dependence).unwrap_or_default()));
    let error = move || {
        decoded.with(|d| match d {
            Some(Err(e)) => Some(e.clone()),
            Some(Ok(a)) => a.error.clone(),
            None => None,
        })
    };
    let note = move || {
        answer.with(|a| {
            let a: &Explanation = a.as_ref()?;
            let d = a.dependence.as_ref()?;
            let ms = a.ms.map(|ms| format!(" Computed in {ms:.0} ms.")).unwrap_or_default();
            Some(format!(
                "Averaged over {} of the {} test rows; {} of them drawn as thin lines.{ms}",
                d.rows,
                d.test_rows,
                d.ice.len()
            ))
        })
    };
    view! {
        <details class="panel explain" data-testid="explain-section" on:toggle=toggle>
            <summary>"Explain: how the output moves with one input, and the rows the model gets wrong"</summary>
            <label class="explain-pick">
                "Input "
                <select data-testid="explain-feature" aria-describedby=described_by("explain-section") on:change=pick
                    prop:value=move || picked.get().map(|j| j.to_string()).unwrap_or_default()>
                    {move || inputs.get().into_iter().map(|(j, name)| view! { <option value=j.to_string()>{name}</option> }).collect_view()}
                </select>
                <HelpTip ids=vec!["explain-section"] about="explaining the model" />
                <span class="muted" aria-live="polite">{move || waiting.get().then_some(" computing…")}</span>
            </label>
            {move || error().map(|e| view! { <p class="error-text" role="alert">{e}</p> })}
            // The chart once there is a dependence to draw (an empty canvas would have no
            // text alternative to give).
            <Show when=move || dependence.with(Option::is_some)>
            <figure class="wide">
                <Chart
                    label=label
                    width=SIZE.0 height=SIZE.1 testid="dependence-chart" name="partial-dependence"
                    data=move || dependence.get()
                    paint=crate::painter!(|area, d: &Option<FeatureDependence>| match d {
                        Some(d) => draw_dependence(area, d, &Theme::default()),
                        None => Ok(()),
                    })
                />
                <figcaption>
                    "Partial dependence: the model's output on the test rows with only this input changed, averaged (bold), and for each row (thin lines). Parallel thin lines: the input acts on its own; lines that cross: it interacts with others. "
                    {note}
                </figcaption>
            </figure>
            </Show>
            {move || answer.get().and_then(|a| a.cases).map(cases_view)}
        </details>
    }
}

/// The sortable table of the wrong rows.
fn cases_view(cases: Cases) -> impl IntoView {
    let (head, rows) = table(&cases);
    let title = match cases.kind {
        CaseKind::Misclassified => format!(
            "Misclassified test rows: {} of {}, the most confident mistakes first{}",
            cases.total,
            cases.test_rows,
            if cases.cases.len() < cases.total { format!(" ({} listed)", cases.cases.len()) } else { String::new() }
        ),
        CaseKind::Worst => {
            format!("The {} test rows with the largest errors, of {}", cases.cases.len(), cases.test_rows)
        }
    };
    // (column, descending); `None`: the worker's order (worst first).
    let sort = RwSignal::new(None::<(usize, bool)>);
    let rows = StoredValue::new(rows);
    let shown = move || {
        let order = match sort.get() {
            Some((c, d)) => rows.with_value(|r| order(r, c, d)),
            None => (0..rows.with_value(Vec::len)).collect(),
        };
        rows.with_value(|r| {
            order
                .into_iter()
                .filter_map(|i| r.get(i))
                .map(|cells| {
                    let cells = cells.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view()
        })
    };
    let header = head
        .into_iter()
        .enumerate()
        .map(|(c, h)| {
            let aria = move || match sort.get() {
                Some((s, d)) if s == c => {
                    if d {
                        "descending"
                    } else {
                        "ascending"
                    }
                }
                _ => "none",
            };
            let click = move |_| sort.update(|s| *s = Some((c, !matches!(*s, Some((k, true)) if k == c))));
            let arrow = move || match sort.get() {
                Some((s, d)) if s == c => {
                    if d {
                        " ▼"
                    } else {
                        " ▲"
                    }
                }
                _ => "",
            };
            view! {
                <th scope="col" aria-sort=aria>
                    <button class="sort" title=format!("Sort by {h}") aria-describedby=described_by("explain-section") on:click=click>{h.clone()}{arrow}</button>
                </th>
            }
        })
        .collect_view();
    let empty = cases.cases.is_empty();
    view! {
        <h4 data-testid="explain-cases-title">{title}</h4>
        {empty.then(|| view! { <p class="muted">"None: every test row is right."</p> })}
        <div class="table-scroll">
            <table class="explain-cases" data-testid="explain-cases">
                <thead><tr>{header}</tr></thead>
                <tbody>{shown}</tbody>
            </table>
        </div>
    }
}
