//! A small builder of ONNX graphs: nodes with fresh value names, constant tensors as
//! initializers, and the graph's inputs and outputs.

use super::proto::{dtype, tensor, AttributeProto, GraphProto, NodeProto, TensorProto, ValueInfoProto};

/// The `ai.onnx.ml` operator domain (LabelEncoder, TreeEnsemble*).
pub const ML: &str = "ai.onnx.ml";

/// A graph under construction. Intermediate values are named `<prefix><n>_<hint>`, with a
/// prefix that no input column name starts with, so they never clash with an input.
#[derive(Debug, Default)]
pub struct Graph {
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    inputs: Vec<ValueInfoProto>,
    outputs: Vec<ValueInfoProto>,
    prefix: String,
    next: usize,
    /// True once a node of [`ML`] is added (the model then imports that opset).
    pub uses_ml: bool,
}

impl Graph {
    /// A graph whose own value names cannot start like any of `reserved` (the input columns).
    pub fn new(reserved: &[String]) -> Self {
        let mut prefix = String::from("_");
        while reserved.iter().any(|r| r.starts_with(&prefix)) {
            prefix.push('_');
        }
        Self { prefix, ..Self::default() }
    }

    /// A fresh value name.
    pub fn fresh(&mut self, hint: &str) -> String {
        self.next += 1;
        format!("{}{}_{hint}", self.prefix, self.next)
    }

    /// Adds a graph input.
    pub fn input(&mut self, info: ValueInfoProto) {
        self.inputs.push(info);
    }

    /// Adds a graph output.
    pub fn output(&mut self, info: ValueInfoProto) {
        self.outputs.push(info);
    }

    /// Adds a node of `domain` (`""`: ai.onnx) computing `outputs` from `inputs`.
    pub fn node_in(
        &mut self,
        domain: &str,
        op: &str,
        inputs: &[&str],
        outputs: &[&str],
        attributes: Vec<AttributeProto>,
    ) {
        if domain == ML {
            self.uses_ml = true;
        }
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: outputs.iter().map(|s| s.to_string()).collect(),
            name: Some(format!("{}{op}_{}", self.prefix, self.nodes.len())),
            op_type: Some(op.to_string()),
            attribute: attributes,
            doc_string: None,
            domain: (!domain.is_empty()).then(|| domain.to_string()),
        });
    }

    /// Adds an ai.onnx node with one output, named from `op`; returns that name.
    pub fn op(&mut self, op: &str, inputs: &[&str], attributes: Vec<AttributeProto>) -> String {
        let out = self.fresh(&op.to_lowercase());
        self.node_in("", op, inputs, &[&out], attributes);
        out
    }

    /// Adds an ai.onnx node with one output called `out`.
    pub fn op_to(&mut self, op: &str, inputs: &[&str], out: &str, attributes: Vec<AttributeProto>) {
        self.node_in("", op, inputs, &[out], attributes);
    }

    /// Adds a constant (an initializer) and returns its name.
    pub fn constant(&mut self, hint: &str, mut t: TensorProto) -> String {
        let name = self.fresh(hint);
        t.name = Some(name.clone());
        self.initializers.push(t);
        name
    }

    /// A float constant of shape `dims`.
    pub fn floats(&mut self, hint: &str, dims: &[usize], values: Vec<f32>) -> String {
        let t = TensorProto { float_data: values, ..tensor("", dtype::FLOAT, dims) };
        self.constant(hint, t)
    }

    /// A double constant of shape `dims`.
    pub fn doubles(&mut self, hint: &str, dims: &[usize], values: Vec<f64>) -> String {
        let t = TensorProto { double_data: values, ..tensor("", dtype::DOUBLE, dims) };
        self.constant(hint, t)
    }

    /// An int64 constant of shape `dims`.
    pub fn int64s(&mut self, hint: &str, dims: &[usize], values: Vec<i64>) -> String {
        let t = TensorProto { int64_data: values, ..tensor("", dtype::INT64, dims) };
        self.constant(hint, t)
    }

    /// A string constant of shape `dims`.
    pub fn strings(&mut self, hint: &str, dims: &[usize], values: &[String]) -> String {
        let data = values.iter().map(|s| s.as_bytes().to_vec()).collect();
        let t = TensorProto { string_data: data, ..tensor("", dtype::STRING, dims) };
        self.constant(hint, t)
    }

    /// The finished graph.
    pub fn finish(self, name: &str, doc: &str) -> GraphProto {
        GraphProto {
            node: self.nodes,
            name: Some(name.to_string()),
            initializer: self.initializers,
            doc_string: Some(doc.to_string()),
            input: self.inputs,
            output: self.outputs,
        }
    }
}
