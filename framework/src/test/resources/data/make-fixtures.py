# Regenerates the NumPy fixtures of DatasetsTest with numpy (Debian's python3-numpy):
#   cd framework/src/test/resources/data && /usr/bin/python3 make-fixtures.py
import os
import numpy as np

rng = np.random.RandomState(0)
x = rng.randint(0, 256, size=(6, 5, 4, 3), dtype=np.uint8)   # N, H, W, C
y = np.array([0, 1, 2, 0, 1, 2], dtype=np.int64)
os.makedirs('numpy-nhwc', exist_ok=True)
np.save('numpy-nhwc/x_test.npy', x)
np.save('numpy-nhwc/y_test.npy', y)
xf = rng.rand(4, 3, 2, 2).astype(np.float32) * 2 - 1           # N, C, H, W in [-1, 1]
np.savez_compressed('numpy-nchw.npz', x=xf, y=np.array([1, 0, 1, 0], dtype=np.int32),
                    class_names=np.array(['cat', 'dog']))
np.savez('tabular.npz', features=rng.rand(5, 7), labels=np.array([0, 1, 2, 1, 0], dtype=np.uint8))
print(x[1, 2, 3, :], xf[2, 1, 0, 1])   # [200 223 122] 0.4785272
