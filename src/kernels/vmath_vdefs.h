/* The names of vmath_vec.h for the scalar type (VM_VECTOR undefined) or the
 * ISA's vector type (VM_VECTOR defined); included before each inclusion of
 * a function body (.inc). No include guard: it redefines them each time. */
#undef VD
#undef VU
#undef VM_D
#undef VM_U
#undef VM_BITS
#undef VM_FROM
#undef VM_SEL
#undef VM_ANY
#undef VM_FMA
#undef VM_LOOK16_U
#undef VM_LOOK16_D
#undef VM_LOOK32_D
#undef VM_FN
#undef VM_SRA
#undef VM_I2D
#undef VM_MIN
#undef VM_MAX
#undef VM_UMIN
#undef VM_UMAX
#ifndef VM_VECTOR
#define VD double
#define VU uint64_t
#define VM_D(c) ((double)(c))
#define VM_U(c) ((uint64_t)(c))
#define VM_BITS(x) rp_vm_u64(x)
#define VM_FROM(u) rp_vm_f64(u)
#define VM_SEL(c, a, b) rp_vm_sel64((c), (a), (b))
#define VM_ANY(c) ((uint64_t)(c))
#define VM_FMA(a, b, c) fma((a), (b), (c))
#define VM_LOOK16_U(t, j) ((t)[j])
#define VM_LOOK16_D(t, j) ((t)[j])
#define VM_LOOK32_D(t, j) ((t)[(j) & 31])
#define VM_FN(name) name
#define VM_MIN(a, b) ((a) < (b) ? (a) : (b))
#define VM_MAX(a, b) ((a) > (b) ? (a) : (b))
#define VM_UMIN(a, b) ((uint64_t)(a) < (uint64_t)(b) ? (uint64_t)(a) : (uint64_t)(b))
#define VM_UMAX(a, b) ((uint64_t)(a) > (uint64_t)(b) ? (uint64_t)(a) : (uint64_t)(b))
/* (the sign-extension and conversion by bit tricks: AVX2 has neither
 * instruction for 64-bit lanes, where GCC vectorizes this scalar code) */
#define VM_SRA(u, n) ((((uint64_t)(u) >> (n)) ^ (1ULL << (63 - (n)))) - (1ULL << (63 - (n))))
#define VM_I2D(u) (rp_vm_f64((uint64_t)(u) + 0x4338000000000000ULL) - 0x1.8p52)
#else
#define VD rp_vd
#define VU rp_vu
#define VM_D(c) ((rp_vd){0} + (double)(c))
#define VM_U(c) ((rp_vu){0} + (uint64_t)(c))
#define VM_BITS(x) ((rp_vu)(x))
#define VM_FROM(u) ((rp_vd)(u))
#define VM_SEL(c, a, b) (((rp_vu)(c) & (a)) | (~(rp_vu)(c) & (b)))
#define VM_ANY(c) ((rp_vu)(c))
#define VM_FMA(a, b, c) rp_vm_vfma((a), (b), (c))
#define VM_LOOK16_U(t, j) rp_vm_vlook16_u((t), (j))
#define VM_LOOK16_D(t, j) rp_vm_vlook16_d((t), (j))
#define VM_LOOK32_D(t, j) rp_vm_vlook32_d((t), (j))
#define VM_FN(name) name##_v
#define VM_MIN(a, b) rp_vm_vmin((a), (b))
#define VM_MAX(a, b) rp_vm_vmax((a), (b))
#define VM_UMIN(a, b) rp_vm_vumin((a), (b))
#define VM_UMAX(a, b) rp_vm_vumax((a), (b))
#ifdef VM_NO_I64_VEC
#define VM_SRA(u, n) ((((rp_vu)(u) >> (n)) ^ (1ULL << (63 - (n)))) - (1ULL << (63 - (n))))
#define VM_I2D(u) ((rp_vd)((rp_vu)(u) + 0x4338000000000000ULL) - 0x1.8p52)
#else
#define VM_SRA(u, n) ((rp_vu)((rp_vi)(u) >> (n)))
#define VM_I2D(u) __builtin_convertvector((rp_vi)(u), rp_vd)
#endif
#endif
