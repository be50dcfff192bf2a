//! The subset of `onnx.proto` (ONNX IR, `syntax = "proto2"`) that the export writes, declared
//! by hand for prost's derive: same messages, field numbers and wire types as the official file
//! (checked against the `onnx` 1.23 Python package's `onnx-ml.proto`), minus the fields Lantern
//! never writes (a reader skips unknown fields, and a field left out is simply absent).
//!
//! Two liberties, both invisible on the wire: the `oneof`s of `TypeProto` and
//! `TensorShapeProto.Dimension` are plain optional fields (Lantern sets one of them), and proto2
//! `optional` scalars that matter when equal to their default (an attribute's `f`, `i`, `type`)
//! are `Option`s so that they are written even when zero.

use prost::Message;

/// `TensorProto.DataType` values used here.
pub mod dtype {
    /// 32-bit float.
    pub const FLOAT: i32 = 1;
    /// 64-bit signed integer.
    pub const INT64: i32 = 7;
    /// UTF-8 string.
    pub const STRING: i32 = 8;
    /// Boolean.
    pub const BOOL: i32 = 9;
    /// 64-bit float.
    pub const DOUBLE: i32 = 11;
}

/// `AttributeProto.AttributeType` values used here.
pub mod attr_type {
    /// One float.
    pub const FLOAT: i32 = 1;
    /// One int64.
    pub const INT: i32 = 2;
    /// One string (bytes).
    pub const STRING: i32 = 3;
    /// One tensor.
    pub const TENSOR: i32 = 4;
    /// A list of floats.
    pub const FLOATS: i32 = 6;
    /// A list of int64s.
    pub const INTS: i32 = 7;
    /// A list of strings.
    pub const STRINGS: i32 = 8;
}

/// `ModelProto`: the file.
#[derive(Clone, PartialEq, Message)]
pub struct ModelProto {
    /// IR version (8 goes with opset 17).
    #[prost(int64, optional, tag = "1")]
    pub ir_version: Option<i64>,
    /// Operator sets the graph uses.
    #[prost(message, repeated, tag = "8")]
    pub opset_import: Vec<OperatorSetIdProto>,
    /// `lantern`.
    #[prost(string, optional, tag = "2")]
    pub producer_name: Option<String>,
    /// The crate version.
    #[prost(string, optional, tag = "3")]
    pub producer_version: Option<String>,
    /// Reverse-DNS-like model namespace.
    #[prost(string, optional, tag = "4")]
    pub domain: Option<String>,
    /// Version of the model (1).
    #[prost(int64, optional, tag = "5")]
    pub model_version: Option<i64>,
    /// Human-readable description.
    #[prost(string, optional, tag = "6")]
    pub doc_string: Option<String>,
    /// The graph.
    #[prost(message, optional, tag = "7")]
    pub graph: Option<GraphProto>,
    /// Named strings (the model card's essentials).
    #[prost(message, repeated, tag = "14")]
    pub metadata_props: Vec<StringStringEntryProto>,
}

/// The top-level fields of a `ModelProto` that recognise an ONNX file and name its producer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModelHeader {
    /// IR version (0 when absent).
    pub ir_version: i64,
    /// The tool that wrote the file.
    pub producer_name: String,
    /// Its version.
    pub producer_version: String,
    /// At least one `opset_import`.
    pub has_opsets: bool,
}

/// Reads the top-level fields of `bytes` as a `ModelProto`: `None` unless every field is well
/// formed (a known wire type, lengths inside the bytes, the producer's strings UTF-8).
///
/// Reading, unlike writing, is these few lines rather than prost's decoder: the page's import
/// runs it in the first-load module, where prost's decoding added 3.3 KB gzip (measured), and
/// only four fields are wanted. The unit tests check it against prost's decoding of the same
/// fields.
pub fn sniff(bytes: &[u8]) -> Option<ModelHeader> {
    let mut at = 0usize;
    let varint = |at: &mut usize| -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *bytes.get(*at)?;
            *at += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(value);
            }
        }
        None
    };
    let mut header = ModelHeader::default();
    while at < bytes.len() {
        let key = varint(&mut at)?;
        let field = key >> 3;
        if field == 0 {
            return None;
        }
        match key & 7 {
            0 => {
                let v = varint(&mut at)?;
                if field == 1 {
                    header.ir_version = v as i64;
                }
            }
            1 => at = at.checked_add(8).filter(|&e| e <= bytes.len())?,
            5 => at = at.checked_add(4).filter(|&e| e <= bytes.len())?,
            2 => {
                let len = usize::try_from(varint(&mut at)?).ok()?;
                let end = at.checked_add(len).filter(|&e| e <= bytes.len())?;
                let text = || std::str::from_utf8(&bytes[at..end]).ok().map(str::to_string);
                match field {
                    2 => header.producer_name = text()?,
                    3 => header.producer_version = text()?,
                    8 => header.has_opsets = true,
                    _ => {}
                }
                at = end;
            }
            _ => return None,
        }
    }
    Some(header)
}

/// `OperatorSetIdProto`.
#[derive(Clone, PartialEq, Message)]
pub struct OperatorSetIdProto {
    /// `""` (ai.onnx) or `ai.onnx.ml`.
    #[prost(string, optional, tag = "1")]
    pub domain: Option<String>,
    /// Opset version.
    #[prost(int64, optional, tag = "2")]
    pub version: Option<i64>,
}

/// `StringStringEntryProto`.
#[derive(Clone, PartialEq, Message)]
pub struct StringStringEntryProto {
    /// Key.
    #[prost(string, optional, tag = "1")]
    pub key: Option<String>,
    /// Value.
    #[prost(string, optional, tag = "2")]
    pub value: Option<String>,
}

/// `GraphProto`.
#[derive(Clone, PartialEq, Message)]
pub struct GraphProto {
    /// Nodes, in topological order.
    #[prost(message, repeated, tag = "1")]
    pub node: Vec<NodeProto>,
    /// Graph name.
    #[prost(string, optional, tag = "2")]
    pub name: Option<String>,
    /// Constant tensors (weights, fill values, category codes …).
    #[prost(message, repeated, tag = "5")]
    pub initializer: Vec<TensorProto>,
    /// Description.
    #[prost(string, optional, tag = "10")]
    pub doc_string: Option<String>,
    /// Graph inputs (one per original column).
    #[prost(message, repeated, tag = "11")]
    pub input: Vec<ValueInfoProto>,
    /// Graph outputs.
    #[prost(message, repeated, tag = "12")]
    pub output: Vec<ValueInfoProto>,
}

/// `NodeProto`: one operator call.
#[derive(Clone, PartialEq, Message)]
pub struct NodeProto {
    /// Input value names.
    #[prost(string, repeated, tag = "1")]
    pub input: Vec<String>,
    /// Output value names.
    #[prost(string, repeated, tag = "2")]
    pub output: Vec<String>,
    /// Node name (unique in the graph).
    #[prost(string, optional, tag = "3")]
    pub name: Option<String>,
    /// Operator (`MatMul`, `LabelEncoder` …).
    #[prost(string, optional, tag = "4")]
    pub op_type: Option<String>,
    /// Attributes.
    #[prost(message, repeated, tag = "5")]
    pub attribute: Vec<AttributeProto>,
    /// Description.
    #[prost(string, optional, tag = "6")]
    pub doc_string: Option<String>,
    /// Operator domain (`ai.onnx.ml` for the ML operators, absent for ai.onnx).
    #[prost(string, optional, tag = "7")]
    pub domain: Option<String>,
}

/// `AttributeProto`: a named constant argument of a node.
#[derive(Clone, PartialEq, Message)]
pub struct AttributeProto {
    /// Name.
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    /// Which value field is used ([`attr_type`]).
    #[prost(int32, optional, tag = "20")]
    pub r#type: Option<i32>,
    /// A float.
    #[prost(float, optional, tag = "2")]
    pub f: Option<f32>,
    /// An int.
    #[prost(int64, optional, tag = "3")]
    pub i: Option<i64>,
    /// A string.
    #[prost(bytes = "vec", optional, tag = "4")]
    pub s: Option<Vec<u8>>,
    /// A tensor.
    #[prost(message, optional, tag = "5")]
    pub t: Option<TensorProto>,
    /// Floats (proto2: not packed).
    #[prost(float, repeated, packed = "false", tag = "7")]
    pub floats: Vec<f32>,
    /// Ints (proto2: not packed).
    #[prost(int64, repeated, packed = "false", tag = "8")]
    pub ints: Vec<i64>,
    /// Strings.
    #[prost(bytes = "vec", repeated, tag = "9")]
    pub strings: Vec<Vec<u8>>,
}

/// `TensorProto`: a constant tensor, its values in the field of its type.
#[derive(Clone, PartialEq, Message)]
pub struct TensorProto {
    /// Shape.
    #[prost(int64, repeated, packed = "false", tag = "1")]
    pub dims: Vec<i64>,
    /// Element type ([`dtype`]).
    #[prost(int32, optional, tag = "2")]
    pub data_type: Option<i32>,
    /// FLOAT values (packed, as in onnx.proto).
    #[prost(float, repeated, tag = "4")]
    pub float_data: Vec<f32>,
    /// BOOL values (int32_data holds bool, int32 … ; packed).
    #[prost(int32, repeated, tag = "5")]
    pub int32_data: Vec<i32>,
    /// STRING values.
    #[prost(bytes = "vec", repeated, tag = "6")]
    pub string_data: Vec<Vec<u8>>,
    /// INT64 values (packed).
    #[prost(int64, repeated, tag = "7")]
    pub int64_data: Vec<i64>,
    /// Name (the value name of an initializer).
    #[prost(string, optional, tag = "8")]
    pub name: Option<String>,
    /// DOUBLE values (packed).
    #[prost(double, repeated, tag = "10")]
    pub double_data: Vec<f64>,
}

/// `ValueInfoProto`: a graph input's or output's name and type.
#[derive(Clone, PartialEq, Message)]
pub struct ValueInfoProto {
    /// Value name.
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    /// Type.
    #[prost(message, optional, tag = "2")]
    pub r#type: Option<TypeProto>,
    /// Description.
    #[prost(string, optional, tag = "3")]
    pub doc_string: Option<String>,
}

/// `TypeProto`, of which only `tensor_type` (field 1 of its `oneof value`) is used.
#[derive(Clone, PartialEq, Message)]
pub struct TypeProto {
    /// A tensor type.
    #[prost(message, optional, tag = "1")]
    pub tensor_type: Option<TypeProtoTensor>,
}

/// `TypeProto.Tensor`.
#[derive(Clone, PartialEq, Message)]
pub struct TypeProtoTensor {
    /// Element type ([`dtype`]).
    #[prost(int32, optional, tag = "1")]
    pub elem_type: Option<i32>,
    /// Shape.
    #[prost(message, optional, tag = "2")]
    pub shape: Option<TensorShapeProto>,
}

/// `TensorShapeProto`.
#[derive(Clone, PartialEq, Message)]
pub struct TensorShapeProto {
    /// Dimensions.
    #[prost(message, repeated, tag = "1")]
    pub dim: Vec<Dimension>,
}

/// `TensorShapeProto.Dimension`: a size or a symbolic name (its `oneof value`).
#[derive(Clone, PartialEq, Message)]
pub struct Dimension {
    /// A fixed size.
    #[prost(int64, optional, tag = "1")]
    pub dim_value: Option<i64>,
    /// A symbolic size (`N`, the number of rows).
    #[prost(string, optional, tag = "2")]
    pub dim_param: Option<String>,
}

/// A dimension: `Ok(size)` fixed, `Err(name)` symbolic.
pub fn dim(d: Result<i64, &str>) -> Dimension {
    match d {
        Ok(v) => Dimension { dim_value: Some(v), dim_param: None },
        Err(p) => Dimension { dim_value: None, dim_param: Some(p.to_string()) },
    }
}

/// A graph input or output: `name` of tensor type `elem` with dimensions `dims`.
pub fn value_info(name: &str, elem: i32, dims: &[Result<i64, &str>], doc: &str) -> ValueInfoProto {
    ValueInfoProto {
        name: Some(name.to_string()),
        r#type: Some(TypeProto {
            tensor_type: Some(TypeProtoTensor {
                elem_type: Some(elem),
                shape: Some(TensorShapeProto { dim: dims.iter().map(|d| dim(*d)).collect() }),
            }),
        }),
        doc_string: (!doc.is_empty()).then(|| doc.to_string()),
    }
}

/// An empty attribute called `name` of type `kind`.
fn attr(name: &str, kind: i32) -> AttributeProto {
    AttributeProto { name: Some(name.to_string()), r#type: Some(kind), ..AttributeProto::default() }
}

/// A float attribute.
pub fn attr_float(name: &str, v: f32) -> AttributeProto {
    AttributeProto { f: Some(v), ..attr(name, attr_type::FLOAT) }
}

/// An int attribute.
pub fn attr_int(name: &str, v: i64) -> AttributeProto {
    AttributeProto { i: Some(v), ..attr(name, attr_type::INT) }
}

/// A string attribute.
pub fn attr_string(name: &str, v: &str) -> AttributeProto {
    AttributeProto { s: Some(v.as_bytes().to_vec()), ..attr(name, attr_type::STRING) }
}

/// A tensor attribute.
pub fn attr_tensor(name: &str, t: TensorProto) -> AttributeProto {
    AttributeProto { t: Some(t), ..attr(name, attr_type::TENSOR) }
}

/// A list-of-floats attribute.
pub fn attr_floats(name: &str, v: Vec<f32>) -> AttributeProto {
    AttributeProto { floats: v, ..attr(name, attr_type::FLOATS) }
}

/// A list-of-ints attribute.
pub fn attr_ints(name: &str, v: Vec<i64>) -> AttributeProto {
    AttributeProto { ints: v, ..attr(name, attr_type::INTS) }
}

/// A list-of-strings attribute.
pub fn attr_strings(name: &str, v: &[String]) -> AttributeProto {
    AttributeProto { strings: v.iter().map(|s| s.as_bytes().to_vec()).collect(), ..attr(name, attr_type::STRINGS) }
}

/// A tensor of element type `elem` and shape `dims` with no values yet.
pub fn tensor(name: &str, elem: i32, dims: &[usize]) -> TensorProto {
    TensorProto {
        name: (!name.is_empty()).then(|| name.to_string()),
        data_type: Some(elem),
        dims: dims.iter().map(|&d| d as i64).collect(),
        ..TensorProto::default()
    }
}

/// The model's bytes.
pub fn encode(model: &ModelProto) -> Vec<u8> {
    model.encode_to_vec()
}
