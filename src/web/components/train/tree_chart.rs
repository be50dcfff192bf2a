//! The decision tree diagram (issue 18): a fitted tree, a part at a time, as an SVG the page
//! builds itself so that every node is a button — focusable, named in words ([`node_label`])
//! and pressed with a click, Enter or Space. Pressing a node lists the training rows that reach
//! it under the diagram (the worker, which holds them, answers
//! [`crate::train::Command::NodeRows`]); pressing a node with more nodes below ("+ N nodes
//! below") also shows the tree from it, and "Up a level" / "Root" go back, so a deep tree is
//! explored a few levels at a time. The worker sent the whole tree once
//! ([`crate::train::TreeSource`]); the parts shown are built here
//! ([`crate::train::TreeSource::view`]), their layout, words and colours come from
//! [`crate::viz::tree`], and the rules, as text, are the diagram's text alternative.
//!
//! Its code is a wasm chunk of its own, fetched the first time a tree is fitted ([`LazyPart`]).

use crate::train::tree_view::{VIEW_LEAVES, VIEW_LEVELS};
use crate::train::{Encoded, NodeRows, TreeView};
use crate::viz::tree::{BAR_H, FONT, LINE_CHARS, NODE_H, NODE_W, TAB_H};
use crate::viz::{
    class_fill, class_mix, collapsed_words, describe_tree, hex, node_border, node_fill, node_label, node_lines,
    tree_layout, tree_rules, Theme,
};
use crate::web::components::common::help_tip::{described_by, Explain, HelpTip};
use crate::web::components::common::lazy::LazyPart;
use crate::web::glue::teach;
use crate::web::state::AppState;
use leptos::prelude::*;

/// The diagram, once a tree is fitted (nothing before).
#[component]
pub fn TreeChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let fitted = Signal::derive(move || state.tree.with(Option::is_some));
    view! { <LazyPart when=fitted load=lazy_tree::tree_chart what="The tree diagram" /> }
}

/// The split point of the tree diagram.
#[allow(unsafe_code)] // the split point's extern "C" import/export pair (wasm_split_macros)
mod lazy_tree {
    use crate::web::components::common::lazy::Loaded;
    use leptos::prelude::*;

    #[leptos::wasm_split::wasm_split(tree_chart, wasm_split_path = ::leptos::wasm_split, fallible)]
    pub fn tree_chart() -> Loaded {
        Ok(super::tree_diagram().into_any())
    }
}

/// The worker's JSON text decoded, or what is wrong with it.
fn decode<T: serde::de::DeserializeOwned>(text: &Encoded<T>) -> Result<T, String> {
    text.decode().map_err(|e| e.to_string())
}

/// A `f64` as an SVG attribute value.
fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// The diagram, the way around it, the rules and the chosen node's rows.
fn tree_diagram() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The worker's answers, decoded here (see `Encoded`); one that cannot be is said.
    let source = Memo::new(move |_| state.tree.with(|t| t.as_ref().map(decode)));
    let node_rows = Memo::new(move |_| state.node_rows.with(|r| r.as_ref().map(decode)));
    // The node at the top of the part shown: the root of every newly fitted tree.
    let shown_top = RwSignal::new(0u32);
    Effect::new(move |_| {
        source.track();
        shown_top.set(0);
    });
    // The part shown, built here from the whole tree.
    let tree = Memo::new(move |_| {
        let top = shown_top.get() as usize;
        source.with(|s| match s.as_ref()? {
            Ok(s) => Some(s.view(top, VIEW_LEVELS, VIEW_LEAVES).map_err(|e| e.to_string())),
            Err(e) => Some(Err(e.clone())),
        })
    });
    Effect::new(move |_| {
        let failed = tree.with(|t| t.clone().and_then(Result::err));
        if let Some(e) = failed.or_else(|| node_rows.with(|r| r.clone().and_then(Result::err))) {
            state.error.set(Some(e));
        }
    });
    let tree = Memo::new(move |_| tree.with(|t| t.clone().and_then(Result::ok)));
    let node_rows = Memo::new(move |_| node_rows.with(|r| r.clone().and_then(Result::ok)));
    // The node whose rows are listed (none once a fresh run clears them).
    let chosen = Signal::derive(move || node_rows.with(|r| r.as_ref().map(|r| r.node)));
    let press = move |id: u32, hidden: u32| {
        state.ask_node_rows(id);
        if hidden > 0 {
            shown_top.set(id);
            // The drawing is redrawn from this node: the button pressed is a new one, so the
            // keyboard focus would fall back to the page; it goes to the node's new button.
            request_animation_frame(move || {
                teach::focus_selector(&format!("[data-testid=tree-node][data-node=\"{id}\"]"))
            });
        }
    };
    let top = move || tree.with(|t| t.as_ref().map_or(0, TreeView::top));
    let parent = move || tree.with(|t| t.as_ref().and_then(TreeView::parent));
    let path = move || {
        tree.with(|t| t.as_ref().map(|t| t.path.iter().map(|(_, s)| s.clone()).collect::<Vec<_>>()).unwrap_or_default())
    };
    let zoom_help = described_by("tree-zoom");
    view! {
        <div class="tree-diagram" data-testid="tree-diagram">
            <div class="tree-bar">
                <span class="tree-path" data-testid="tree-path">
                    "Showing the tree from "
                    {move || if path().is_empty() { "the root".to_string() } else { format!("node {}, where {}", top(), path().join(" and ")) }}
                </span>
                <button type="button" class="link" data-testid="tree-root" aria-describedby=zoom_help.clone()
                    disabled=move || top() == 0 on:click=move |_| shown_top.set(0)>"Root"</button>
                <button type="button" class="link" data-testid="tree-up" aria-describedby=zoom_help
                    disabled=move || parent().is_none() on:click=move |_| { if let Some(p) = parent() { shown_top.set(p) } }>"Up a level"</button>
                <HelpTip ids=vec!["tree-node", "tree-zoom"] about="a node of the tree" />
            </div>
            {move || tree.with(|t| t.as_ref().map(legend))}
            <div class="tree-scroll">{move || tree.get().map(|t| svg(t, chosen, press))}</div>
            <Explain id="tree-chart" />
            <details class="explain" data-testid="tree-rules">
                <summary>"The tree as rules"</summary>
                <pre>{move || tree.with(|t| t.as_ref().map(|t| tree_rules(t).join("\n")))}</pre>
            </details>
            {move || node_rows.get().map(rows_table)}
        </div>
    }
}

/// The classes' colours (nothing for regression, whose colours run from the smallest mean,
/// orange, to the largest, blue).
fn legend(view: &TreeView) -> impl IntoView {
    let theme = Theme::default();
    let k = view.classes.len();
    let items: Vec<_> = view
        .classes
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let colour = hex(class_fill(c, k, &theme));
            view! {
                <span class="tree-key">
                    <svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill=colour /></svg>
                    {name.clone()}
                </span>
            }
        })
        .collect();
    let words = if k == 0 {
        format!("Colour: the mean of {} in the node, from orange (lowest) to blue (highest).", view.target)
    } else {
        format!("Colour: the {} with most rows in the node; the bar shows each one's share.", view.target)
    };
    view! { <p class="tree-legend" data-testid="tree-legend">{items}<span class="caption">{words}</span></p> }
}

/// The tree as SVG: lines with "yes" / "no", then a button per node.
fn svg(view: TreeView, chosen: Signal<Option<u32>>, press: impl Fn(u32, u32) + Copy + 'static) -> impl IntoView {
    let theme = Theme::default();
    let layout = tree_layout(&view);
    let edge = hex(theme.axis);
    let mut lines = Vec::new();
    for (i, n) in view.nodes.iter().enumerate() {
        let Some((l, r)) = n.children else { continue };
        let (_, from) = layout.anchors(i);
        for (c, word) in [(l, "yes"), (r, "no")] {
            let (to, _) = layout.anchors(c as usize);
            let (mx, my) = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            lines.push(view! {
                <line x1=px(from.0) y1=px(from.1) x2=px(to.0) y2=px(to.1) stroke=edge.clone() stroke-width="1.2" />
                <rect x=px(mx - 13.0) y=px(my - 8.0) width="26" height="15" rx="3" fill="#FFFFFF" />
                <text x=px(mx) y=px(my + 4.0) text-anchor="middle" font-size="11" fill=edge.clone()>{word}</text>
            });
        }
    }
    let nodes: Vec<_> = (0..view.nodes.len()).map(|i| node(&view, &layout, i, chosen, press, &theme)).collect();
    let (w, h) = (layout.width, layout.height);
    view! {
        <svg class="tree-svg" data-testid="tree-chart" role="group" width=px(w) height=px(h)
            style:width=format!("max(min(100%, {}px), {}px)", px(w), px(0.8 * w))
            viewBox=format!("0 0 {} {}", px(w), px(h)) aria-label=describe_tree(&view)
            aria-describedby=described_by("tree-chart")>
            {lines}
            {nodes}
        </svg>
    }
}

/// One node's button: its box, class-mix bar, three lines and, when collapsed, its tab.
fn node(
    view: &TreeView,
    layout: &crate::viz::TreeLayout,
    i: usize,
    chosen: Signal<Option<u32>>,
    press: impl Fn(u32, u32) + Copy + 'static,
    theme: &Theme,
) -> impl IntoView {
    let n = &view.nodes[i];
    let (id, hidden) = (n.id, n.hidden);
    let (x, y) = layout.boxes[i];
    let mut left = x;
    let bar: Vec<_> = class_mix(view, i, theme)
        .into_iter()
        .map(|(share, c)| {
            let at = left;
            left += share * NODE_W;
            view! { <rect x=px(at) y=px(y + NODE_H - BAR_H) width=px(share * NODE_W) height=px(BAR_H) fill=hex(c) /> }
        })
        .collect();
    let text: Vec<_> = node_lines(view, i)
        .into_iter()
        .enumerate()
        .map(|(k, line)| {
            let size = if k == 0 { FONT } else { FONT - 1.0 };
            let weight = if k == 0 { "600" } else { "400" };
            // A long line is squeezed into the box, never cut: the node's name repeats it whole.
            let fit = (line.chars().count() > LINE_CHARS).then(|| px(NODE_W - 12.0));
            let adjust = fit.as_ref().map(|_| "spacingAndGlyphs");
            view! {
                <text x=px(x + NODE_W / 2.0) y=px(y + 17.0 + k as f64 * 16.0) text-anchor="middle"
                    font-size=px(size) font-weight=weight fill=hex(theme.text) textLength=fit lengthAdjust=adjust>{line}</text>
                // A space between the lines, so that their words stay apart in the button's text.
                " "
            }
        })
        .collect();
    let tab = collapsed_words(view, i).map(|more| {
        view! {
            <rect x=px(x + 12.0) y=px(y + NODE_H) width=px(NODE_W - 24.0) height=px(TAB_H) rx="3"
                fill=hex(theme.empty_plot) stroke=hex(theme.axis) stroke-dasharray="3 2" />
            <text x=px(x + NODE_W / 2.0) y=px(y + NODE_H + TAB_H / 2.0 + 2.0) text-anchor="middle" font-size="11"
                fill=hex(theme.text)>{more}</text>
            " "
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(crate::web::glue::teach::key(&ev).as_str(), "Enter" | " ") {
            ev.prevent_default();
            press(id, hidden);
        }
    };
    view! {
        <g class="tree-node" class:chosen=move || chosen.get() == Some(id) role="button" tabindex="0" data-testid="tree-node"
            data-node=id.to_string() aria-pressed=move || (chosen.get() == Some(id)).to_string() aria-label=node_label(view, i)
            aria-describedby=described_by("tree-node") on:click=move |_| press(id, hidden) on:keydown=on_key>
            <rect class="tree-box" x=px(x) y=px(y) width=px(NODE_W) height=px(NODE_H) rx="4" fill=hex(node_fill(view, i, theme))
                stroke=hex(node_border(view, i, theme)) stroke-width="2" />
            {bar}
            {text}
            {tab}
        </g>
    }
}

/// The chosen node's training rows, as a table under the diagram.
fn rows_table(rows: NodeRows) -> impl IntoView {
    let listed = rows.numbers.len();
    let mut caption = format!(
        "Node {}: {} training row{} reach{} it",
        rows.node,
        rows.count,
        if rows.count == 1 { "" } else { "s" },
        if rows.count == 1 { "es" } else { "" }
    );
    if listed < rows.count {
        caption += &format!("; the first {listed} are listed");
    }
    caption += if rows.table_rows {
        ". Row numbers are the table's (the Data stage's \"Go to row\")."
    } else {
        ". Rows are numbered in the generated training set."
    };
    let head: Vec<_> = rows.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect();
    let body: Vec<_> = rows
        .numbers
        .iter()
        .zip(rows.cells)
        .map(|(n, cells)| {
            let cells: Vec<_> = cells.into_iter().map(|c| view! { <td>{c}</td> }).collect();
            view! { <tr><th scope="row">{n.to_string()}</th>{cells}</tr> }
        })
        .collect();
    view! {
        <div class="table-scroll tree-rows-box" tabindex="0" role="region" aria-label=format!("Training rows of node {}", rows.node)>
            <table class="tree-rows" data-testid="tree-rows" data-count=rows.count.to_string()>
                <caption data-testid="tree-rows-caption">{caption}</caption>
                <thead><tr><th scope="col">"row"</th>{head}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
