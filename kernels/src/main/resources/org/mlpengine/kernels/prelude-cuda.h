/* CUDA C prelude: maps the kernel dialect's macros onto CUDA built-ins. extern "C" keeps kernel names unmangled. */
#define KERNEL extern "C" __global__
#define GLOBAL
#define SHARED __shared__
#define SHARED_PTR
#define DEVICE_FN static __device__ __forceinline__
#define SYNC() __syncthreads()
#define LOCAL_ID_X ((int) threadIdx.x)
#define LOCAL_ID_Y ((int) threadIdx.y)
#define GROUP_ID_X ((int) blockIdx.x)
#define GROUP_ID_Y ((int) blockIdx.y)
#define LOCAL_SIZE_X ((int) blockDim.x)
#define LOCAL_SIZE_Y ((int) blockDim.y)
#define GLOBAL_ID_X ((int) (blockIdx.x * blockDim.x + threadIdx.x))
#define EXPF(x) expf(x)
#define QNAN __int_as_float(0x7fc00000)
/* Element offsets of views: 64-bit on both dialects. */
typedef long long offset_t;
