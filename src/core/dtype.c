/* dtype descriptors and status messages. */
#include "raptors/raptors.h"

static const rp_dtype_info infos[RP_NTYPES] = {
    [RP_BOOL] = {"bool", 'b', '?', 1},
    [RP_INT8] = {"int8", 'i', 'b', 1},
    [RP_INT16] = {"int16", 'i', 'h', 2},
    [RP_INT32] = {"int32", 'i', 'i', 4},
    [RP_INT64] = {"int64", 'i', 'l', 8},
    [RP_UINT8] = {"uint8", 'u', 'B', 1},
    [RP_UINT16] = {"uint16", 'u', 'H', 2},
    [RP_UINT32] = {"uint32", 'u', 'I', 4},
    [RP_UINT64] = {"uint64", 'u', 'L', 8},
    [RP_FLOAT32] = {"float32", 'f', 'f', 4},
    [RP_FLOAT64] = {"float64", 'f', 'd', 8},
    [RP_FLOAT16] = {"float16", 'f', 'e', 2},
    [RP_COMPLEX64] = {"complex64", 'c', 'F', 8},
    [RP_COMPLEX128] = {"complex128", 'c', 'D', 16},
};

const rp_dtype_info *rp_dtype_get(rp_dtype dt)
{
    return (unsigned)dt < RP_NTYPES ? &infos[dt] : 0;
}

const char *rp_status_message(rp_status st)
{
    switch (st) {
    case RP_OK: return "ok";
    case RP_ENOMEM: return "out of memory";
    case RP_ESHAPE: return "incompatible shapes";
    case RP_EAXIS: return "axis out of range";
    case RP_EINDEX: return "index out of range";
    case RP_ETYPE: return "unsupported dtype";
    case RP_EVALUE: return "invalid value";
    case RP_EREADONLY: return "array is read-only";
    case RP_EOVERFLOW: return "value too large";
    case RP_ENOVIEW: return "cannot be expressed as a view";
    }
    return "unknown error";
}
