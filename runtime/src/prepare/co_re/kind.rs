//! The CO-RE relocation kinds (`enum bpf_core_relo_kind`).

/// What a CO-RE relocation computes (`enum bpf_core_relo_kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreReloKind {
    /// Byte offset of a field (`BPF_CORE_FIELD_BYTE_OFFSET`, 0).
    #[doc(alias = "BPF_CORE_FIELD_BYTE_OFFSET")]
    FieldByteOffset,
    /// Byte size of a field (`BPF_CORE_FIELD_BYTE_SIZE`, 1).
    #[doc(alias = "BPF_CORE_FIELD_BYTE_SIZE")]
    FieldByteSize,
    /// Whether a field exists (`BPF_CORE_FIELD_EXISTS`, 2).
    #[doc(alias = "BPF_CORE_FIELD_EXISTS")]
    FieldExists,
    /// Whether a field is signed (`BPF_CORE_FIELD_SIGNED`, 3).
    #[doc(alias = "BPF_CORE_FIELD_SIGNED")]
    FieldSigned,
    /// Left shift to extract a bitfield from a u64 (`BPF_CORE_FIELD_LSHIFT_U64`, 4).
    #[doc(alias = "BPF_CORE_FIELD_LSHIFT_U64")]
    FieldLshiftU64,
    /// Right shift to extract a bitfield from a u64 (`BPF_CORE_FIELD_RSHIFT_U64`, 5).
    #[doc(alias = "BPF_CORE_FIELD_RSHIFT_U64")]
    FieldRshiftU64,
    /// Type id in the program's own BTF (`BPF_CORE_TYPE_ID_LOCAL`, 6).
    #[doc(alias = "BPF_CORE_TYPE_ID_LOCAL")]
    TypeIdLocal,
    /// Type id in the target BTF (`BPF_CORE_TYPE_ID_TARGET`, 7).
    #[doc(alias = "BPF_CORE_TYPE_ID_TARGET")]
    TypeIdTarget,
    /// Whether a compatible type exists (`BPF_CORE_TYPE_EXISTS`, 8).
    #[doc(alias = "BPF_CORE_TYPE_EXISTS")]
    TypeExists,
    /// Byte size of the target type (`BPF_CORE_TYPE_SIZE`, 9).
    #[doc(alias = "BPF_CORE_TYPE_SIZE")]
    TypeSize,
    /// Whether an enumerator exists (`BPF_CORE_ENUMVAL_EXISTS`, 10).
    #[doc(alias = "BPF_CORE_ENUMVAL_EXISTS")]
    EnumvalExists,
    /// Value of an enumerator (`BPF_CORE_ENUMVAL_VALUE`, 11).
    #[doc(alias = "BPF_CORE_ENUMVAL_VALUE")]
    EnumvalValue,
    /// Whether the target type structurally matches (`BPF_CORE_TYPE_MATCHES`, 12).
    #[doc(alias = "BPF_CORE_TYPE_MATCHES")]
    TypeMatches,
}

impl CoreReloKind {
    /// The kind with this `bpf_core_relo_kind` number, if known.
    pub fn from_raw(raw: u32) -> Option<CoreReloKind> {
        use CoreReloKind::*;
        Some(match raw {
            0 => FieldByteOffset,
            1 => FieldByteSize,
            2 => FieldExists,
            3 => FieldSigned,
            4 => FieldLshiftU64,
            5 => FieldRshiftU64,
            6 => TypeIdLocal,
            7 => TypeIdTarget,
            8 => TypeExists,
            9 => TypeSize,
            10 => EnumvalExists,
            11 => EnumvalValue,
            12 => TypeMatches,
            _ => return None,
        })
    }

    /// A short English description, e.g. `"field byte offset"`.
    pub fn describe(self) -> &'static str {
        use CoreReloKind::*;
        match self {
            FieldByteOffset => "field byte offset",
            FieldByteSize => "field byte size",
            FieldExists => "field existence",
            FieldSigned => "field signedness",
            FieldLshiftU64 => "bitfield left shift",
            FieldRshiftU64 => "bitfield right shift",
            TypeIdLocal => "local type id",
            TypeIdTarget => "target type id",
            TypeExists => "type existence",
            TypeSize => "type size",
            EnumvalExists => "enum value existence",
            EnumvalValue => "enum value",
            TypeMatches => "type match",
        }
    }

    /// Field-based kinds (0–5) use an access string through struct members.
    pub fn is_field_based(self) -> bool {
        use CoreReloKind::*;
        matches!(
            self,
            FieldByteOffset
                | FieldByteSize
                | FieldExists
                | FieldSigned
                | FieldLshiftU64
                | FieldRshiftU64
        )
    }

    /// Type-based kinds (6–9, 12) have the access string `"0"`.
    pub fn is_type_based(self) -> bool {
        use CoreReloKind::*;
        matches!(
            self,
            TypeIdLocal | TypeIdTarget | TypeExists | TypeSize | TypeMatches
        )
    }

    /// Enumerator-based kinds (10, 11) index an enumerator.
    pub fn is_enumval_based(self) -> bool {
        matches!(
            self,
            CoreReloKind::EnumvalExists | CoreReloKind::EnumvalValue
        )
    }
}

impl std::fmt::Display for CoreReloKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}
