//! An exported model as files: a folder (`model.json` + `model.safetensors`, or the file of a
//! model that is not a network) or one zip of them, and reading either back with every check a
//! foreign, newer or damaged bundle fails.

use super::card::{
    ModelCard, TensorInfo, CARD_FILE, FORMAT, FORMAT_VERSION, LEARNER_FILE, LEARNER_FORMAT_VERSION,
    LEARNER_JSON_FORMAT_VERSION, TREES_FILE, WEIGHTS_FILE,
};
use super::{trees, weights};
use crate::error::{BundleError, Error, Result};
use crate::model::{LayerWeights, Mlp};
use crate::spec::link::sha256_hex;

/// Most bytes read from one file of a zip (the weights of the largest network allowed are
/// 4 MB; the card with its drift reference a few MB; the trees of the default forest on
/// 100,000 rows × 20 features 56 MB): a zip that unpacks to more is refused, and a model whose
/// file would be larger is not exported.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// A trained model: its card and its weights (dense layers, input side first), or the model
/// itself when it is not a network.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelBundle {
    /// Everything but the weights.
    pub card: ModelCard,
    /// A network's weights, exactly as trained (empty for a model that is not a network).
    pub layers: Vec<LayerWeights>,
    /// A model that is not a network (a tree, a forest …), exactly as fitted.
    pub learner: Option<crate::learn::Model>,
}

impl ModelBundle {
    /// The card as pretty JSON (`model.json`).
    ///
    /// # Errors
    /// [`BundleError::Damaged`] if the card cannot be encoded (a bug).
    pub fn card_json(&self) -> Result<String> {
        crate::spec::link::to_pretty_json(&self.card)
            .map(|s| s + "\n")
            .map_err(|e| BundleError::Damaged(format!("the card cannot be written: {e}")).into())
    }

    /// The folder's files: `[("model.json", …), ("model.safetensors", …)]` (or the file the
    /// card names for a model that is not a network, in that file's encoding).
    ///
    /// # Errors
    /// As [`ModelBundle::card_json`], [`weights::encode`] and [`learner_bytes`].
    pub fn to_files(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let model = match &self.learner {
            Some(learner) => (self.card.weights.file.clone(), learner_bytes(learner, &self.card.weights.file)?),
            None => (WEIGHTS_FILE.to_string(), weights::encode(&self.layers)?),
        };
        Ok(vec![(CARD_FILE.to_string(), self.card_json()?.into_bytes()), model])
    }

    /// Reads a bundle from its files (names may carry a folder: only the file name counts).
    ///
    /// # Errors
    /// [`BundleError`]: a file missing, a card that is not a Lantern model or is of a newer
    /// format, weights that are not this card's (SHA-256) or of other shapes; an ONNX file
    /// given instead of the card ([`BundleError::OnnxForeign`], [`BundleError::OnnxExported`]).
    pub fn from_files(files: &[(String, Vec<u8>)]) -> Result<Self> {
        let find = |want: &str| {
            files
                .iter()
                .find(|(name, _)| name.rsplit(['/', '\\']).next() == Some(want))
                .map(|(_, bytes)| bytes.as_slice())
                .ok_or_else(|| BundleError::MissingFile(want.to_string()))
        };
        if find(CARD_FILE).is_err() {
            if let Some(refusal) = files.iter().find_map(|(_, bytes)| super::onnx::import_refusal(bytes)) {
                return Err(refusal.into());
            }
        }
        let card = read_card(find(CARD_FILE)?)?;
        let bytes = find(&card.weights.file)?;
        if sha256_hex(bytes) != card.weights.sha256 {
            return Err(BundleError::Damaged(format!(
                "`{}` is not the weights file of this model.json (its SHA-256 differs)",
                card.weights.file
            ))
            .into());
        }
        if card.architecture.family.is_some() {
            let learner = read_learner(bytes, &card)?;
            return Ok(Self { card, layers: Vec::new(), learner: Some(learner) });
        }
        let layers = weights::decode(bytes, &card.weights.tensors)?;
        let a = &card.architecture;
        let mut widths = vec![a.inputs];
        widths.extend(&a.hidden);
        widths.push(a.outputs);
        let shapes: Vec<(usize, usize)> = layers.iter().map(|l| (l.inputs, l.outputs)).collect();
        let expected: Vec<(usize, usize)> = widths.windows(2).map(|w| (w[0], w[1])).collect();
        if shapes != expected || a.features.len() != a.inputs || card.preparation.output_names.len() != a.inputs {
            return Err(BundleError::Damaged(format!(
                "the layers {shapes:?} do not match the architecture {expected:?} with {} features",
                a.features.len()
            ))
            .into());
        }
        Ok(Self { card, layers, learner: None })
    }

    /// The folder as one zip file (deflated, no timestamps: the same bundle gives the same
    /// bytes; see [`super::zip`]).
    ///
    /// # Errors
    /// As [`ModelBundle::to_files`]; [`BundleError::Damaged`] if zipping fails.
    pub fn to_zip(&self) -> Result<Vec<u8>> {
        super::zip::write(&self.to_files()?)
    }

    /// Reads a bundle from a zip of its folder (the files at the top or in one folder).
    ///
    /// # Errors
    /// [`BundleError::Foreign`] for bytes that are not a zip, [`BundleError::Damaged`] for a
    /// damaged or oversized entry ([`MAX_FILE_BYTES`]); otherwise as [`ModelBundle::from_files`].
    pub fn from_zip(bytes: &[u8]) -> Result<Self> {
        let wanted = [CARD_FILE, WEIGHTS_FILE, TREES_FILE, LEARNER_FILE];
        Self::from_files(&super::zip::read(bytes, &wanted, MAX_FILE_BYTES)?)
    }

    /// True when `bytes` look like a zip file (its signature), rather than a `model.json`.
    pub fn is_zip(bytes: &[u8]) -> bool {
        bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
    }

    /// The network with these weights, ready to predict (`None` for a model that is not a
    /// network: [`ModelBundle::learner`]).
    ///
    /// # Errors
    /// Tensor errors (a bug, since the shapes were checked on reading).
    pub fn model(&self) -> Result<Option<Mlp>> {
        if self.learner.is_some() {
            return Ok(None);
        }
        let a = &self.card.architecture;
        let model = Mlp::new(a.inputs, &a.hidden, a.outputs, a.activation, self.card.spec.seed)?;
        model.set_weights(&self.layers)?;
        Ok(Some(model))
    }
}

/// The file of a model that is not a network, as a new bundle holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnerFile {
    /// [`TREES_FILE`] for a tree model, else [`LEARNER_FILE`].
    pub name: &'static str,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its tensors (none for JSON), for the card.
    pub tensors: Vec<TensorInfo>,
    /// The card version for it: [`LEARNER_FORMAT_VERSION`] or [`LEARNER_JSON_FORMAT_VERSION`].
    pub format_version: u32,
}

/// The file of a model that is not a network, for a new bundle: a tree, forest or boosting as
/// safetensors ([`trees`]), k-NN and naive Bayes as compact JSON.
///
/// # Errors
/// As [`learner_bytes`].
pub fn learner_file(model: &crate::learn::Model) -> Result<LearnerFile> {
    let file = if trees::holds(model) {
        let (bytes, tensors) = trees::encode(model)?;
        LearnerFile { name: TREES_FILE, bytes, tensors, format_version: LEARNER_FORMAT_VERSION }
    } else {
        let bytes = json_bytes(model)?;
        LearnerFile { name: LEARNER_FILE, bytes, tensors: Vec::new(), format_version: LEARNER_JSON_FORMAT_VERSION }
    };
    within_limit(&file.bytes)?;
    Ok(file)
}

/// A model that is not a network as the file `name` holds it: [`TREES_FILE`] or
/// [`LEARNER_FILE`] (a bundle read from version 2 is written back as it was).
///
/// # Errors
/// [`Error::Spec`] for a model over [`MAX_FILE_BYTES`] (what a reader accepts), saying what to
/// change; [`BundleError::Damaged`] for another file name, or if it cannot be encoded (a bug).
pub fn learner_bytes(model: &crate::learn::Model, name: &str) -> Result<Vec<u8>> {
    let bytes = match name {
        TREES_FILE => trees::encode(model)?.0,
        LEARNER_FILE => json_bytes(model)?,
        other => {
            return Err(
                BundleError::Damaged(format!("a model that is not a network is not written as `{other}`")).into()
            )
        }
    };
    within_limit(&bytes)?;
    Ok(bytes)
}

fn json_bytes(model: &crate::learn::Model) -> Result<Vec<u8>> {
    Ok(serde_json::to_vec(model).map_err(|e| BundleError::Damaged(format!("the model cannot be written: {e}")))?)
}

/// The error that `bytes` are over [`MAX_FILE_BYTES`].
fn within_limit(bytes: &[u8]) -> Result<()> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::spec(
            "model.learner",
            format!(
                "the model takes {} MB, over the {} MB a bundle may hold: limit its trees' depth, \
                 raise the rows per leaf, or use fewer trees",
                bytes.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        ));
    }
    Ok(())
}

/// Reads the model of a card whose model is not a network from the file the card names,
/// checking it ([`crate::learn::Model::check`]) and that it is the one the card describes.
fn read_learner(bytes: &[u8], card: &ModelCard) -> Result<crate::learn::Model> {
    use crate::learn::Predictor;
    let file = &card.weights.file;
    let model = match file.as_str() {
        TREES_FILE => {
            let (model, tensors) = trees::decode(bytes)?;
            if tensors != card.weights.tensors {
                return Err(BundleError::Damaged(format!("`{file}` holds other tensors than the card lists")).into());
            }
            model
        }
        LEARNER_FILE => {
            let model: crate::learn::Model = serde_json::from_slice(bytes)
                .map_err(|e| BundleError::Damaged(format!("`{file}` is not a model Lantern reads: {e}")))?;
            model.check().map_err(|m| BundleError::Damaged(format!("`{file}`: {m}")))?;
            model
        }
        other => {
            return Err(BundleError::Damaged(format!("the card names `{other}`, not a model file Lantern reads")).into())
        }
    };
    let a = &card.architecture;
    if model.width() != a.inputs || model.task() != card.task || a.features.len() != a.inputs {
        return Err(BundleError::Damaged(format!(
            "the model reads {} features for {:?}, the card says {} for {:?}",
            model.width(),
            model.task(),
            a.inputs,
            card.task
        ))
        .into());
    }
    Ok(model)
}

/// Reads and checks `model.json`: a Lantern card, of a version this build reads.
fn read_card(bytes: &[u8]) -> Result<ModelCard> {
    let foreign = |m: String| Error::from(BundleError::Foreign(m));
    let value: serde_json::Value = match crate::spec::link::decode_json(bytes) {
        Ok(value) => value,
        Err(e) => {
            return Err(super::onnx::import_refusal(bytes)
                .map_or_else(|| foreign(format!("model.json is not JSON: {}", e.message)), Error::from))
        }
    };
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => return Err(foreign(format!("model.json is a `{other}` file"))),
        None => return Err(foreign("model.json has no `format` field".into())),
    }
    let version = value.get("format_version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let found = u32::try_from(version).unwrap_or(u32::MAX);
    if found > FORMAT_VERSION {
        return Err(BundleError::NewerVersion { found, supported: FORMAT_VERSION }.into());
    }
    if found == 0 {
        return Err(BundleError::Damaged("model.json has no valid `format_version`".into()).into());
    }
    // Decoded again from the bytes, not from `value`: all JSON goes through one deserializer
    // (see `decode_json`).
    crate::spec::link::decode_json(bytes)
        .map_err(|e| BundleError::Damaged(format!("model.json: `{}`: {}", e.path, e.message)).into())
}

/// The bundle of `spec` trained to its end (tests of the writers of a bundle).
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn trained_bundle(spec: &crate::spec::ExperimentSpec) -> ModelBundle {
    let mut trainer = crate::train::Trainer::new(spec).unwrap();
    while !trainer.is_done() {
        trainer.run_epoch().unwrap();
    }
    ModelBundle::from_trainer(&trainer, None).unwrap()
}
