//! The Search panel beside the grid search: random search or TPE over a range of one to three
//! settings ([`crate::compare::search`]). "Search" queues the first batch of runs in the
//! background queue; as their records arrive each is scored (validation accuracy or R², or
//! validation loss, after its last epoch) and observed, and the next batch is queued until the
//! budget is spent. The runs are shown ranked, with the score against each setting on a chart;
//! "Apply best" makes the best run's settings the current experiment's.

use crate::choice::Choice;
use crate::compare::search::{Proposal, Scoring, Search, SearchMethod, SearchPlan, SearchRange};
use crate::compare::{in_group, GroupKind, Param, RunGroup};
use crate::error::Error;
use crate::viz::{describe_search_scores, draw_search_scores, SearchedRun, SearchedSetting, Theme};
use crate::web::components::common::chart::Chart;
use crate::web::components::common::help_tip::{described_by, HelpTip};
use crate::web::state::{AppState, QueueState, RecordsState};
use leptos::prelude::*;

/// One range row of the form: the setting (empty: unused), bounds as typed, log scale.
#[derive(Clone, Copy)]
struct RangeRow {
    param: RwSignal<String>,
    lo: RwSignal<String>,
    hi: RwSignal<String>,
    log: RwSignal<bool>,
}

impl RangeRow {
    fn new(param: Option<Param>) -> Self {
        let row = RangeRow {
            param: RwSignal::new(String::new()),
            lo: RwSignal::new(String::new()),
            hi: RwSignal::new(String::new()),
            log: RwSignal::new(false),
        };
        row.pick(param);
        row
    }

    /// Picks `param` and fills in its suggested range.
    fn pick(&self, param: Option<Param>) {
        self.param.set(param.map_or(String::new(), |p| p.name().to_string()));
        if let Some(p) = param {
            let r = SearchRange::suggest(p);
            self.lo.set(r.lo.to_string());
            self.hi.set(r.hi.to_string());
            self.log.set(r.log);
        }
    }

    /// The range typed (`None`: the row is unused).
    fn range(&self) -> Option<Result<SearchRange, Error>> {
        let name = self.param.get();
        if name.is_empty() {
            return None;
        }
        let scale = if self.log.get() { ":log" } else { "" };
        Some(SearchRange::parse(&format!("{name}={}..{}{scale}", self.lo.get().trim(), self.hi.get().trim())))
    }
}

/// A search in progress: the driver, the batch waiting for its records, and its group.
struct Active {
    search: Search,
    pending: Vec<Proposal>,
    group: RunGroup,
}

/// The settings a search can vary for the current model.
fn searchable(state: AppState) -> Vec<Param> {
    state.spec.with(|s| {
        Param::ALL
            .iter()
            .copied()
            .filter(|p| p.fits(s.model.learner.as_deref()) && SearchRange::whole(*p).is_some())
            .collect()
    })
}

/// Queues a batch in the search's group; an error goes to `error`.
fn queue_batch(queue: QueueState, active: &Active, error: RwSignal<Option<String>>) {
    let jobs = active.pending.iter().map(|p| p.job.clone()).collect();
    if let Err(e) = queue.enqueue(in_group(jobs, &active.group)) {
        error.set(Some(e));
    }
}

/// The Search panel.
#[component]
pub fn SearchPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let queue = expect_context::<QueueState>();
    let records = expect_context::<RecordsState>();
    let error = RwSignal::new(None::<String>);
    let method = RwSignal::new(SearchMethod::Random);
    let budget = RwSignal::new("20".to_string());
    let loss = RwSignal::new(false);
    let first = untrack(|| searchable(state).first().copied());
    let rows = [RangeRow::new(first), RangeRow::new(None), RangeRow::new(None)];
    // A search varies the chosen model's settings: when the model's family changes, the first
    // range moves to the new family's first setting and the others are cleared.
    let family = Memo::new(move |_| state.spec.with(|s| s.model.learner.as_ref().map(|l| l.family())));
    Effect::new(move |before: Option<Option<&'static str>>| {
        let now = family.get();
        if before.is_some_and(|b| b != now) {
            let first = untrack(|| searchable(state).first().copied());
            rows[0].pick(first);
            rows[1].pick(None);
            rows[2].pick(None);
        }
        now
    });
    let active: StoredValue<Option<Active>, LocalStorage> = StoredValue::new_local(None);
    // Bumped whenever the search observes a run (the ranking and chart read it).
    let version = RwSignal::new(0u64);
    let plan = move || -> Result<SearchPlan, Error> {
        let ranges = rows.iter().filter_map(RangeRow::range).collect::<Result<Vec<_>, _>>()?;
        let text = budget.get();
        let budget =
            text.trim().parse::<usize>().map_err(|_| Error::Plan(format!("`{text}` is not a whole number of runs")))?;
        let scoring = if loss.get() { Scoring::ValidationLoss } else { Scoring::Validation };
        Ok(SearchPlan { ranges, budget, method: method.get(), scoring })
    };
    let start = move |_| {
        let spec = state.spec.get_untracked();
        let result = plan().and_then(|plan| {
            if spec.data.validation_fraction <= 0.0 {
                return Err(Error::Plan(
                    "a search scores each run on validation rows: set a validation share (Data) first".into(),
                ));
            }
            let mut search = Search::new(&spec, plan)?;
            let pending = search.next_batch()?;
            let names: Vec<&str> = search.plan().ranges.iter().map(|r| r.param.label()).collect();
            let title = format!("{}: {}", search.plan().method.label(), names.join(" × "));
            Ok((search, pending, title))
        });
        match result {
            Ok((search, pending, title)) => {
                let group = records.new_group(GroupKind::Grid, title);
                let a = Active { search, pending, group };
                error.set(None);
                queue_batch(queue, &a, error);
                active.set_value(Some(a));
                version.update(|v| *v += 1);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    // Each finished run of the batch is scored and observed; a complete batch asks for the next.
    Effect::new(move |_| {
        records.store.with(|store| {
            let mut changed = false;
            active.update_value(|a| {
                let Some(a) = a else { return };
                let scoring = a.search.plan().scoring;
                let mut observed = Vec::new();
                for (i, p) in a.pending.iter().enumerate() {
                    let found = store
                        .records()
                        .iter()
                        .find(|r| r.group.as_ref().is_some_and(|g| g.id == a.group.id) && r.label == p.job.label);
                    if let Some(r) = found {
                        let score = if r.failure.is_some() { f64::NAN } else { scoring.of_epoch(r.curves.last()) };
                        observed.push((i, score));
                    }
                }
                for &(i, score) in observed.iter().rev() {
                    let p = a.pending.remove(i);
                    a.search.observe(&p, score);
                    changed = true;
                }
                if changed && a.pending.is_empty() {
                    match a.search.next_batch() {
                        Ok(next) if !next.is_empty() => {
                            a.pending = next;
                            queue_batch(queue, a, error);
                        }
                        Ok(_) => {}
                        Err(e) => error.set(Some(e.to_string())),
                    }
                }
            });
            if changed {
                version.update(|v| *v += 1);
            }
        });
    });
    let ranked = move || {
        version.track();
        active.with_value(|a| {
            let Some(a) = a else { return Vec::new() };
            a.search
                .ranked()
                .iter()
                .map(|t| (t.index, a.search.describe(&t.setting), crate::compare::format::metric(t.score)))
                .collect::<Vec<_>>()
        })
    };
    let status = move || {
        version.track();
        active.with_value(|a| {
            a.as_ref().map(|a| {
                let done = a.search.ranked().len();
                let total = a.search.plan().budget;
                let what = a.search.plan().scoring.describe();
                if done == total {
                    format!("Done: {done} runs, ranked by {what}.")
                } else {
                    format!("{done} of {total} runs scored by {what}; more are queued as each batch finishes.")
                }
            })
        })
    };
    let snapshot = move || {
        version.track();
        active.with_value(|a| {
            let Some(a) = a else { return (Vec::new(), Vec::new(), None, String::new()) };
            let plan = a.search.plan();
            let settings: Vec<SearchedSetting> = plan
                .ranges
                .iter()
                .map(|r| SearchedSetting { name: r.param.label().to_string(), lo: r.lo, hi: r.hi, log: r.log })
                .collect();
            let trials = a.search.ranked();
            let runs: Vec<SearchedRun> = trials
                .iter()
                .map(|t| SearchedRun { values: t.setting.iter().map(|v| v.as_f64()).collect(), score: t.score })
                .collect();
            let best = trials.first().filter(|t| t.score.is_finite()).map(|_| 0);
            (settings, runs, best, plan.scoring.describe())
        })
    };
    let label = Signal::derive(move || {
        let (settings, runs, best, what) = snapshot();
        describe_search_scores(&settings, &runs, best, &what)
    });
    let apply_best = move |_| {
        let best =
            active.with_value(|a| a.as_ref().and_then(|a| a.search.best().map(|t| a.search.spec_of(&t.setting))));
        match best {
            Some(Ok(spec)) => state.edit(move |s| *s = spec),
            Some(Err(e)) => error.set(Some(e.to_string())),
            None => {}
        }
    };
    let has_best = move || {
        version.track();
        active.with_value(|a| a.as_ref().is_some_and(|a| a.search.best().is_some()))
    };
    let row_view = move |k: usize, row: RangeRow| {
        let options = move || {
            searchable(state)
                .into_iter()
                .map(|p| view! { <option value=p.name() selected=p.name() == row.param.get_untracked()>{p.label()}</option> })
                .collect_view()
        };
        view! {
            <div class="row">
                <label class="field">
                    <span class="field-label">{if k == 0 { "Search" } else { "and" }}</span>
                    <select data-testid=format!("search-param-{}", k + 1) aria-describedby=described_by("search") prop:value=move || row.param.get()
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            match if name.is_empty() { Ok(None) } else { Param::parse(&name).map(Some) } {
                                Ok(p) => row.pick(p),
                                Err(e) => state.reject(e),
                            }
                        }>
                        {(k > 0).then(|| view! { <option value="">"(none)"</option> })}
                        {options}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"from"</span>
                    <input type="text" size="7" data-testid=format!("search-lo-{}", k + 1) aria-describedby=described_by("search") prop:value=move || row.lo.get()
                        prop:disabled=move || row.param.get().is_empty() on:input=move |ev| row.lo.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">"to"</span>
                    <input type="text" size="7" data-testid=format!("search-hi-{}", k + 1) aria-describedby=described_by("search") prop:value=move || row.hi.get()
                        prop:disabled=move || row.param.get().is_empty() on:input=move |ev| row.hi.set(event_target_value(&ev)) />
                </label>
                <label class="inline">
                    <input type="checkbox" data-testid=format!("search-log-{}", k + 1) aria-describedby=described_by("search") prop:checked=move || row.log.get()
                        prop:disabled=move || row.param.get().is_empty() on:change=move |ev| row.log.set(event_target_checked(&ev)) />
                    " log scale"
                </label>
            </div>
        }
    };
    let methods =
        SearchMethod::ALL.iter().map(|m| view! { <option value=m.name()>{m.label()}</option> }).collect_view();
    view! {
        <fieldset class="grid-search" data-testid="search-panel">
            <legend>"Search " <HelpTip ids=vec!["search"] about="the search" /></legend>
            <p class="caption">
                "Tries settings within ranges: at random, or with TPE, which proposes the next runs near the "
                "best scores so far (in batches of 4). Each run is scored on its validation rows."
            </p>
            {rows.into_iter().enumerate().map(|(k, row)| row_view(k, row)).collect_view()}
            <div class="row">
                <label class="field">
                    <span class="field-label">"Method"</span>
                    <select data-testid="search-method" aria-describedby=described_by("search") prop:value=move || method.get().name() on:change=move |ev| {
                        match SearchMethod::parse(&event_target_value(&ev)) {
                            Ok(m) => method.set(m),
                            Err(e) => state.reject(e),
                        }
                    }>{methods}</select>
                </label>
                <label class="field">
                    <span class="field-label">"Runs"</span>
                    <input type="number" min="1" max=crate::compare::search::MAX_SEARCH_RUNS step="1" data-testid="search-budget" aria-describedby=described_by("search")
                        prop:value=move || budget.get() on:change=move |ev| budget.set(event_target_value(&ev)) />
                </label>
                <label class="inline">
                    <input type="checkbox" data-testid="search-loss" aria-describedby=described_by("search") prop:checked=move || loss.get()
                        on:change=move |ev| loss.set(event_target_checked(&ev)) />
                    " score by validation loss (else accuracy or R²)"
                </label>
                <button data-testid="search-run" aria-describedby=described_by("search") on:click=start disabled=move || plan().is_err()>"Search"</button>
            </div>
            <p class="caption" data-testid="search-plan">{move || plan().err().map(|e| e.to_string())}</p>
            <p class="caption" data-testid="search-status" aria-live="polite">{status}</p>
            {move || error.get().map(|e| view! { <p class="queue-error" role="alert" data-testid="search-error">{e}</p> })}
            <Show when=move || !ranked().is_empty()>
                <ol class="search-ranking" data-testid="search-ranking">
                    {move || ranked().into_iter().map(|(index, what, score)| view! {
                        <li data-testid="search-ranked">{format!("#{} {what} — {score}", index + 1)}</li>
                    }).collect_view()}
                </ol>
                <Chart label=label width=640 height=260 testid="search-chart" name="search"
                    data=snapshot
                    paint=crate::painter!(|area, s: &(Vec<SearchedSetting>, Vec<SearchedRun>, Option<usize>, String)|
                        draw_search_scores(area, &s.0, &s.1, s.2, &s.3, &Theme::default())) />
                <button data-testid="search-apply" aria-describedby=described_by("search") on:click=apply_best disabled=move || !has_best()>"Apply best"</button>
            </Show>
        </fieldset>
    }
}
