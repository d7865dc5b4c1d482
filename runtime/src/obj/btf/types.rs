//! The BTF type model: one [`BtfType`] per type id, names kept as string-table offsets.

/// Kind numbers as the kernel defines them (`BTF_KIND_*`).
#[allow(missing_docs)]
pub mod kind {
    pub const UNKN: u32 = 0;
    pub const INT: u32 = 1;
    pub const PTR: u32 = 2;
    pub const ARRAY: u32 = 3;
    pub const STRUCT: u32 = 4;
    pub const UNION: u32 = 5;
    pub const ENUM: u32 = 6;
    pub const FWD: u32 = 7;
    pub const TYPEDEF: u32 = 8;
    pub const VOLATILE: u32 = 9;
    pub const CONST: u32 = 10;
    pub const RESTRICT: u32 = 11;
    pub const FUNC: u32 = 12;
    pub const FUNC_PROTO: u32 = 13;
    pub const VAR: u32 = 14;
    pub const DATASEC: u32 = 15;
    pub const FLOAT: u32 = 16;
    pub const DECL_TAG: u32 = 17;
    pub const TYPE_TAG: u32 = 18;
    pub const ENUM64: u32 = 19;
}

/// A struct/union member. `offset` is the raw `offset` word: for a `kind_flag`
/// composite the low 24 bits are the bit offset and the high 8 the bitfield size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Name string offset (0 = anonymous).
    pub name_off: u32,
    /// Member type id.
    pub type_id: u32,
    /// Raw offset word.
    pub offset: u32,
}

/// An enumerator (ENUM and ENUM64 alike; ENUM values are sign- or zero-extended).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enumerator {
    /// Name string offset.
    pub name_off: u32,
    /// Value as written (64-bit for both kinds).
    pub value: u64,
}

/// A function-prototype parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Name string offset (0 = unnamed).
    pub name_off: u32,
    /// Parameter type id (0 for a trailing `...`).
    pub type_id: u32,
}

/// A DATASEC entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarSecInfo {
    /// VAR (or FUNC, for `.ksyms`) type id.
    pub type_id: u32,
    /// Byte offset inside the section.
    pub offset: u32,
    /// Byte size.
    pub size: u32,
}

/// Kind-specific payload of a BTF type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BtfKind {
    /// `BTF_KIND_INT`: `encoding` is the raw trailing u32 (encoding<<24 | offset<<16 | bits).
    Int {
        /// Raw trailing word.
        encoding: u32,
    },
    /// Pointer to `type_id`.
    Ptr,
    /// Array.
    Array {
        /// Element type.
        elem_type: u32,
        /// Index type.
        index_type: u32,
        /// Element count.
        nelems: u32,
    },
    /// Struct.
    Struct(Vec<Member>),
    /// Union.
    Union(Vec<Member>),
    /// 32-bit enum.
    Enum(Vec<Enumerator>),
    /// Forward declaration (`kind_flag` set = union).
    Fwd,
    /// Typedef of `type_id`.
    Typedef,
    /// `volatile`.
    Volatile,
    /// `const`.
    Const,
    /// `restrict`.
    Restrict,
    /// Function; `vlen` holds the linkage; `type_id` is the FUNC_PROTO.
    Func,
    /// Function prototype; `type_id` is the return type.
    FuncProto(Vec<Param>),
    /// Variable; `linkage` 0 static, 1 global, 2 extern.
    Var {
        /// Linkage.
        linkage: u32,
    },
    /// Data section.
    Datasec(Vec<VarSecInfo>),
    /// Float of `size` bytes.
    Float,
    /// Declaration tag on `type_id`; `component_idx` -1 means the whole declaration.
    DeclTag {
        /// Component index.
        component_idx: i32,
    },
    /// Type tag on `type_id`.
    TypeTag,
    /// 64-bit enum.
    Enum64(Vec<Enumerator>),
}

/// One BTF type record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BtfType {
    /// Name string offset.
    pub name_off: u32,
    /// The raw `info` word (vlen, kind, kind_flag).
    pub info: u32,
    /// The `size`/`type` union word.
    pub size_or_type: u32,
    /// Kind-specific data.
    pub kind: BtfKind,
}

impl BtfType {
    /// `BTF_KIND_*` number of this type.
    pub fn kind_num(&self) -> u32 {
        (self.info >> 24) & 0x1f
    }
    /// `vlen` from the info word.
    pub fn vlen(&self) -> u32 {
        self.info & 0xffff
    }
    /// `kind_flag` bit.
    pub fn kind_flag(&self) -> bool {
        self.info >> 31 == 1
    }
    /// The referenced type for kinds whose second word is a type id
    /// (PTR, TYPEDEF, modifiers, FUNC, FUNC_PROTO return, VAR, DECL_TAG, TYPE_TAG).
    pub fn type_id(&self) -> u32 {
        self.size_or_type
    }
    /// `(bit_offset, bitfield_size)` of member `m` of this struct/union: with `kind_flag`
    /// the raw offset word packs both (libbpf `btf_member_bit_offset` /
    /// `btf_member_bitfield_size`); without it, it is the bit offset alone.
    pub fn member_bits(&self, m: &Member) -> (u32, u32) {
        if self.kind_flag() {
            (m.offset & 0x00ff_ffff, m.offset >> 24)
        } else {
            (m.offset, 0)
        }
    }
    /// The byte size for sized kinds (INT, STRUCT, UNION, ENUM, ENUM64, DATASEC, FLOAT).
    pub fn size(&self) -> u32 {
        self.size_or_type
    }
}
