/* OpenCL C 1.2 prelude: maps the kernel dialect's macros onto OpenCL built-ins. */
#define KERNEL __kernel
#define GLOBAL __global
#define SHARED __local
#define SHARED_PTR __local
#define DEVICE_FN static inline
#define SYNC() barrier(CLK_LOCAL_MEM_FENCE)
#define LOCAL_ID_X ((int) get_local_id(0))
#define LOCAL_ID_Y ((int) get_local_id(1))
#define GROUP_ID_X ((int) get_group_id(0))
#define GROUP_ID_Y ((int) get_group_id(1))
#define LOCAL_SIZE_X ((int) get_local_size(0))
#define LOCAL_SIZE_Y ((int) get_local_size(1))
#define GLOBAL_ID_X ((int) get_global_id(0))
#define EXPF(x) exp(x)
#define QNAN NAN
/* Element offsets of views: 64-bit on both dialects. */
typedef long offset_t;
