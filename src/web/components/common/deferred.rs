//! Work on a big table done in a task of its own: a view's summary of a 100,000-row table (a
//! histogram's bins, a scatter plot's point count) takes tens of milliseconds, and computed in
//! the task that built the view it would add to that task; computed in the next one, each task
//! stays short (no main-thread task over 50 ms while a table loads, issue 21).

use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;

/// `work(inputs())`, computed in a task after the one in which `inputs` changed (`None`
/// until then). `inputs` is tracked and should be cheap (signal reads); `work` is not tracked.
/// When the inputs change again before the work has run, only the latest is worked out.
pub fn in_next_task<I, T>(inputs: impl Fn() -> I + 'static, work: impl Fn(I) -> T + 'static) -> ReadSignal<Option<T>>
where
    I: 'static,
    T: Send + Sync + 'static,
{
    let (out, set_out) = signal(None);
    let work = Rc::new(work);
    // Which change the latest scheduled work is for.
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        let given = inputs();
        latest.update_value(|n| *n += 1);
        let mine = latest.get_value();
        let work = work.clone();
        set_timeout(
            move || {
                if latest.try_get_value() == Some(mine) {
                    set_out.try_set(Some(work(given)));
                }
            },
            Duration::ZERO,
        );
    });
    out
}

/// `children`, built in a task after the one that placed them: a big view placed beside others
/// (the Data stage's grid, charts and scatter plot of a 100,000-row table) does not lengthen
/// their task; each `NextTask` is a task of its own.
#[component]
pub fn NextTask(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    set_timeout(
        move || {
            ready.try_set(true);
        },
        Duration::ZERO,
    );
    move || ready.get().then(|| children())
}
