//! A table's cells from the worker to the page, in pieces through two buffers that go back
//! and forth.
//!
//! The worker posts an event that carries a table ([`Event::into_wire`]) as a header,
//! `[text, kinds, rows]` (`kinds`: a letter per column, `n` numeric or `t` text), then the
//! cells column after column in pieces: `[PIECE, view]`, where `view` is a `Float64Array`
//! (numbers) or `Uint32Array` (text codes) over a [`PIECE_BYTES`] buffer. The page copies each
//! piece into its memory and posts the buffer back, `[PIECE, buffer]`, and the worker fills it
//! with the next piece. Two buffers travel, whatever the table's size.
//!
//! Why not one message with every cell: a buffer the browser made (a message's, a file
//! reader's) is only freed by a garbage collection, which a page that allocates little in
//! JavaScript seldom runs, so the 16 MB of a 100,000 × 20 table's cells stayed in the tab
//! beside their copy, at the peak of loading a file (`tests/bench/load.mjs`). A buffer posted
//! back is moved, not copied, and nothing is left behind.

use crate::data::parts::Cells;
use crate::data::{ColumnData, Table};
use crate::error::{Error, Result};
use crate::train::Event;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The first element of a piece message, both ways (never an event's or a command's JSON).
pub const PIECE: &str = "\u{1}cells";

/// Bytes of each of the two buffers.
pub const PIECE_BYTES: usize = 1 << 20;

/// Buffers in flight at once: one is filled while the other is copied.
pub const BUFFERS: usize = 2;

/// Whether `parts` (a message that is an array) is a piece or a piece's buffer coming back.
pub fn is_piece(parts: &js_sys::Array) -> bool {
    parts.get(0).as_string().is_some_and(|tag| tag == PIECE)
}

/// The worker's side: the cells of a table still to send.
pub struct Outgoing {
    table: Arc<Table>,
    column: usize,
    at: usize,
}

impl Outgoing {
    /// The header message of an event with a table, and the table's cells to send.
    pub fn start(text: String, table: Arc<Table>) -> (JsValue, Self) {
        let kinds: String = table
            .columns
            .iter()
            .map(|c| if matches!(c.data, ColumnData::Numeric { .. }) { 'n' } else { 't' })
            .collect();
        let header = js_sys::Array::of3(&text.into(), &kinds.into(), &JsValue::from(table.rows() as u32));
        (header.into(), Self { table, column: 0, at: 0 })
    }

    /// Writes the next piece (part of one column) into `buffer` and returns the message that
    /// carries it; `None` when every cell has been sent.
    pub fn next_piece(&mut self, buffer: &js_sys::ArrayBuffer) -> Option<JsValue> {
        let column = self.table.columns.get(self.column)?;
        let view: JsValue = match &column.data {
            ColumnData::Numeric { values } => {
                let end = (self.at + buffer.byte_length() as usize / 8).min(values.len());
                let view = js_sys::Float64Array::new_with_byte_offset_and_length(buffer, 0, (end - self.at) as u32);
                view.copy_from(values.get(self.at..end)?);
                self.advance(end, values.len());
                view.into()
            }
            ColumnData::Text { codes, .. } => {
                let end = (self.at + buffer.byte_length() as usize / 4).min(codes.len());
                let view = js_sys::Uint32Array::new_with_byte_offset_and_length(buffer, 0, (end - self.at) as u32);
                view.copy_from(codes.get(self.at..end)?);
                self.advance(end, codes.len());
                view.into()
            }
        };
        Some(js_sys::Array::of2(&PIECE.into(), &view).into())
    }

    fn advance(&mut self, end: usize, len: usize) {
        if end >= len {
            (self.column, self.at) = (self.column + 1, 0);
        } else {
            self.at = end;
        }
    }
}

/// The page's side: an event whose table's cells are arriving.
pub struct Incoming {
    text: String,
    numeric: Vec<bool>,
    rows: usize,
    cells: Vec<Cells>,
    current: Option<Cells>,
}

fn unknown() -> Error {
    Error::Protocol("the worker sent a message the page does not understand".into())
}

impl Incoming {
    /// The event whose header is `parts` (`[text, kinds, rows]`).
    pub fn start(parts: &js_sys::Array) -> Result<Self> {
        let text = parts.get(0).as_string().ok_or_else(unknown)?;
        let kinds = parts.get(1).as_string().ok_or_else(unknown)?;
        let rows = parts.get(2).as_f64().filter(|r| *r >= 0.0 && r.fract() == 0.0).ok_or_else(unknown)? as usize;
        let numeric: Vec<bool> = kinds.chars().map(|k| k == 'n').collect();
        // Without rows no piece comes: every column is already complete.
        let cells = if rows == 0 { numeric.iter().map(|&n| empty(n)).collect() } else { Vec::new() };
        Ok(Self { text, numeric, rows, cells, current: None })
    }

    /// Copies the piece `parts` (`[PIECE, view]`) into the column it belongs to, and returns
    /// its buffer, to be posted back.
    pub fn add(&mut self, parts: &js_sys::Array) -> Result<js_sys::ArrayBuffer> {
        let numeric = *self.numeric.get(self.cells.len()).ok_or_else(unknown)?;
        let view = parts.get(1);
        // A column of one piece (up to 131,072 numbers) is that piece's copy, nothing more.
        let (piece, buffer) = if numeric {
            let view = view.dyn_into::<js_sys::Float64Array>().map_err(|_| unknown())?;
            (Cells::Numbers(view.to_vec()), view.buffer())
        } else {
            let view = view.dyn_into::<js_sys::Uint32Array>().map_err(|_| unknown())?;
            (Cells::Codes(view.to_vec()), view.buffer())
        };
        let rows = self.rows;
        let column = match (self.current.take(), piece) {
            (None, piece) => piece,
            (Some(Cells::Numbers(mut values)), Cells::Numbers(more)) => {
                values.reserve_exact(rows.saturating_sub(values.len()));
                values.extend_from_slice(&more);
                Cells::Numbers(values)
            }
            (Some(Cells::Codes(mut codes)), Cells::Codes(more)) => {
                codes.reserve_exact(rows.saturating_sub(codes.len()));
                codes.extend_from_slice(&more);
                Cells::Codes(codes)
            }
            _ => return Err(unknown()),
        };
        match filled(&column) {
            0 => return Err(unknown()),
            n if n > rows => return Err(unknown()),
            n if n == rows => self.cells.push(column),
            _ => self.current = Some(column),
        }
        Ok(buffer)
    }

    /// True when every column's cells are in.
    pub fn is_complete(&self) -> bool {
        self.cells.len() == self.numeric.len()
    }

    /// The event, its table made of the cells received ([`Event::from_wire`]).
    pub fn into_event(self) -> Result<Event> {
        Event::from_wire(&self.text, self.cells)
    }
}

/// Cells of a column received so far.
fn filled(cells: &Cells) -> usize {
    match cells {
        Cells::Numbers(values) => values.len(),
        Cells::Codes(codes) => codes.len(),
    }
}

/// A column without cells.
fn empty(numeric: bool) -> Cells {
    if numeric {
        Cells::Numbers(Vec::new())
    } else {
        Cells::Codes(Vec::new())
    }
}
