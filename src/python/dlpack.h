/*
 * DLPack 1.x: the C structures of the exchange protocol, written from the
 * specification (https://dmlc.github.io/dlpack/latest/c_api.html). Only the
 * parts a CPU library needs: the CPU device and the int/uint/float/bool codes.
 * The layout must match the specification byte for byte: these structures
 * cross library boundaries.
 */
#ifndef RAPTORS_DLPACK_H
#define RAPTORS_DLPACK_H

#include <stdint.h>

#define RP_DLPACK_MAJOR 1
#define RP_DLPACK_MINOR 1

typedef enum {
    kDLCPU = 1,
    kDLCUDAHost = 3, /* pinned host memory: readable from the CPU */
} DLDeviceType;

typedef struct {
    DLDeviceType device_type;
    int32_t device_id;
} DLDevice;

typedef enum {
    kDLInt = 0,
    kDLUInt = 1,
    kDLFloat = 2,
    kDLComplex = 5, /* bits: the whole element (64: two float32) */
    kDLBool = 6,
} DLDataTypeCode;

typedef struct {
    uint8_t code;
    uint8_t bits;
    uint16_t lanes;
} DLDataType;

typedef struct {
    void *data;
    DLDevice device;
    int32_t ndim;
    DLDataType dtype;
    int64_t *shape;
    int64_t *strides; /* in elements; NULL means C-contiguous */
    uint64_t byte_offset;
} DLTensor;

/* The legacy (0.x) managed tensor: capsule name "dltensor". */
typedef struct DLManagedTensor {
    DLTensor dl_tensor;
    void *manager_ctx;
    void (*deleter)(struct DLManagedTensor *self);
} DLManagedTensor;

typedef struct {
    uint32_t major;
    uint32_t minor;
} DLPackVersion;

#define DLPACK_FLAG_BITMASK_READ_ONLY (UINT64_C(1) << 0)
#define DLPACK_FLAG_BITMASK_IS_COPIED (UINT64_C(1) << 1)

/* The versioned (1.x) managed tensor: capsule name "dltensor_versioned". */
typedef struct DLManagedTensorVersioned {
    DLPackVersion version;
    void *manager_ctx;
    void (*deleter)(struct DLManagedTensorVersioned *self);
    uint64_t flags;
    DLTensor dl_tensor;
} DLManagedTensorVersioned;

#endif
