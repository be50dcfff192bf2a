//! Share links on the command line: `--spec` reads them, `lantern link` writes them, and
//! `lantern run` replays their data, live changes and fingerprint.

use super::SpecArgs;
use crate::data::Table;
use crate::error::{Error, Result};
use crate::spec::link::{
    is_link, limits, Fingerprint, LinkBudget, LinkData, ReplayChange, Reproduction, ShareLink, Teaching,
};
use crate::spec::{DataSource, ExperimentSpec};
use crate::train::{EpochMetrics, Replay, Trainer};
use clap::Args;

/// `lantern link`: the experiment (same flags as `run`) and what to add to its link.
#[derive(Debug, Args)]
pub(super) struct LinkArgs {
    #[command(flatten)]
    experiment: SpecArgs,
    /// Address of the Lantern page the link opens.
    #[arg(long, default_value = "http://127.0.0.1:8080/")]
    base: String,
    /// A note shown to the reader as plain text (at most 2,000 characters).
    #[arg(long)]
    note: Option<String>,
    /// Train the run first and put its fingerprint in the link: a replay then says whether it
    /// reproduced the run exactly.
    #[arg(long)]
    fingerprint: bool,
    /// Public address of the `--data` file, kept in the link when the file is too big to embed.
    #[arg(long)]
    data_url: Option<String>,
    /// Controls to hide from the reader, comma-separated ids.
    #[arg(long)]
    hide: Option<String>,
    /// Controls to show but lock, comma-separated ids.
    #[arg(long)]
    lock: Option<String>,
    /// Start training as soon as the page opens.
    #[arg(long)]
    autostart: bool,
}

/// `--spec` text: nothing (the default experiment), inline JSON, a share link, or a file (a
/// spec or an exported experiment).
pub(super) fn source(spec: Option<&str>) -> Result<(ExperimentSpec, Option<ShareLink>)> {
    let Some(text) = spec else { return Ok((ExperimentSpec::default(), None)) };
    if text.trim_start().starts_with('{') {
        return Ok((ExperimentSpec::from_json(text)?, None));
    }
    if is_link(text) && !std::path::Path::new(text).is_file() {
        let link = ShareLink::decode(text)?;
        return Ok((link.spec.clone(), Some(link)));
    }
    let contents =
        std::fs::read_to_string(text).map_err(|e| Error::SpecFormat(format!("cannot read spec file `{text}`: {e}")))?;
    if contents.contains("\"lantern_experiment\"") {
        let link = ShareLink::from_json_file(&contents)?;
        return Ok((link.spec.clone(), Some(link)));
    }
    Ok((ExperimentSpec::from_json(&contents)?, None))
}

/// A run as the command line resolved it.
pub(super) struct Run {
    /// The spec, after the flags.
    pub spec: ExperimentSpec,
    /// The data file's table, if the data is a file.
    pub table: Option<Table>,
    /// The data file's name and bytes.
    pub file: Option<(String, Vec<u8>)>,
    /// Settings to change during the run (from a link).
    pub changes: Vec<ReplayChange>,
    /// The original run's fingerprint (from a link).
    pub fingerprint: Option<Fingerprint>,
    /// The link `--spec` held.
    pub link: Option<ShareLink>,
    /// The defaults chosen for the table (a run on one without `--spec`).
    pub defaults: Option<crate::spec::table_defaults::TableDefaults>,
}

/// The spec, the data (`--data`, or the link's embedded file) and what the link carries.
pub(super) fn resolve_run(args: &SpecArgs) -> Result<Run> {
    let (mut spec, link) = args.resolve_link()?;
    let link_data = link.as_ref().and_then(|l| l.data.as_ref());
    let file = match (&args.data, link_data) {
        (Some(path), data) => {
            let bytes = std::fs::read(path).map_err(|e| Error::data(format!("cannot read `{path}`: {e}")))?;
            let own = std::path::Path::new(path).file_name().map_or(path.clone(), |f| f.to_string_lossy().into_owned());
            let name = match data {
                Some(d @ LinkData::Reference(_)) => {
                    d.check_file(&bytes)?;
                    d.name().to_string()
                }
                Some(LinkData::Embedded(_)) => {
                    eprintln!("lantern: note: training on `{path}` instead of the file embedded in the link");
                    own
                }
                None => own,
            };
            Some((name, bytes))
        }
        (None, Some(LinkData::Embedded(f))) => Some((f.name.clone(), f.bytes.clone())),
        (None, Some(LinkData::Reference(r))) => {
            let at = r.url.as_deref().map(|u| format!(", published at {u}")).unwrap_or_default();
            return Err(Error::data(format!(
                "this link trains on the file `{}` ({} bytes{at}), which is too big to travel in the link: \
                 pass it with --data FILE (its SHA-256 is checked)",
                r.name, r.size
            )));
        }
        (None, None) => None,
    };
    let table = match &file {
        Some((_, bytes)) => Some(SpecArgs::table_of(bytes)?),
        None => None,
    };
    // A table without --spec: its defaults, then the flags again on top of them.
    let defaults = args.table_defaults(&spec, table.as_ref())?;
    if let Some(d) = &defaults {
        spec = args.resolve_with(Some(d))?.0;
        super::defaults::note(d, &spec);
    }
    if let Some((name, _)) = &file {
        spec.data.source = DataSource::File { name: name.clone() };
    }
    spec.validate()?;
    let (changes, fingerprint) = link.as_ref().map(|l| (l.changes.clone(), l.fingerprint.clone())).unwrap_or_default();
    Ok(Run { spec, table, file, changes, fingerprint, link, defaults })
}

/// Trains to the end, applying each live change once the run has taken its number of steps
/// (the core's [`Replay`], shared with the web worker), and calls `on_epoch` after each epoch.
pub(super) fn train(
    trainer: &mut Trainer,
    changes: &[ReplayChange],
    on_epoch: impl FnMut(&Trainer, &EpochMetrics) -> Result<()>,
) -> Result<()> {
    Replay::new(changes.to_vec()).train(trainer, on_epoch)
}

/// `"exact"`, `{"differs": {...}}`, or `null` without a fingerprint; also said on stderr.
pub(super) fn reproduced(original: Option<&Fingerprint>, trainer: &Trainer) -> Result<serde_json::Value> {
    let Some(original) = original else { return Ok(serde_json::Value::Null) };
    let verdict = original.compare(&Fingerprint::of(trainer)?);
    match &verdict {
        Reproduction::Exact => eprintln!("lantern: reproduced exactly (fingerprint {})", original.hash),
        Reproduction::Differs { detail, .. } => eprintln!("lantern: not reproduced exactly: {detail}"),
    }
    serde_json::to_value(&verdict).map_err(|e| Error::Link(e.to_string()))
}

fn ids(list: Option<&str>) -> Option<Vec<String>> {
    list.map(|l| l.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
}

/// `lantern link`: the share link, with notes on stderr about the data.
pub(super) fn make(args: &LinkArgs) -> Result<String> {
    let run = resolve_run(&args.experiment)?;
    let from = run.link.clone().unwrap_or_default();
    let mut link =
        ShareLink { spec: run.spec.clone(), teaching: from.teaching, changes: from.changes, ..ShareLink::default() };
    if let Some((name, bytes)) = &run.file {
        let data = match (&from.data, &args.experiment.data) {
            // A file the link only referred to stays a reference.
            (Some(d @ LinkData::Reference(_)), None) => d.clone(),
            _ => LinkData::for_file(name, bytes, args.data_url.clone()),
        };
        let budget = LinkBudget::for_file(bytes);
        let kib = budget.data_compressed.unwrap_or(0).div_ceil(1024);
        let limit = limits::MAX_EMBEDDED_COMPRESSED >> 10;
        match &data {
            LinkData::Embedded(_) => {
                eprintln!("lantern: `{name}` is embedded in the link ({kib} of {limit} KiB compressed)")
            }
            LinkData::Reference(r) => eprintln!(
                "lantern: `{name}` is too big to embed (over {limit} KiB compressed): the link carries its \
                 SHA-256{}; the reader passes the file with --data FILE, or exports the experiment as a file instead",
                if r.url.is_some() { " and its address" } else { "" }
            ),
        }
        link.data = Some(data);
    }
    let mut teaching = link.teaching.take().unwrap_or_default();
    if let Some(note) = &args.note {
        teaching.note = note.clone();
    }
    teaching.hidden = ids(args.hide.as_deref()).unwrap_or(teaching.hidden);
    teaching.locked = ids(args.lock.as_deref()).unwrap_or(teaching.locked);
    teaching.autostart |= args.autostart;
    link.teaching = Some(teaching).filter(|t| *t != Teaching::default());
    if args.fingerprint {
        let mut trainer = Trainer::with_table(&run.spec, run.table.as_ref())?;
        train(&mut trainer, &link.changes, |_, _| Ok(()))?;
        let f = Fingerprint::of(&trainer)?;
        eprintln!("lantern: trained {} epochs; fingerprint {}", f.epochs, f.hash);
        link.fingerprint = Some(f);
    }
    let url = link.to_url(&args.base)?;
    eprintln!("lantern: link of {} characters", url.len());
    Ok(url)
}
