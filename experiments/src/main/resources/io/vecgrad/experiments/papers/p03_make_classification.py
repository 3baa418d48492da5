"""Writes p03-classification.csv: the P03 tutorial's data set, generated once with scikit-learn (1.2):
make_classification(n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1).
Columns x0..x4,y; values printed with 10 significant digits.   python3 p03_make_classification.py > p03-classification.csv
"""
from sklearn.datasets import make_classification

X, y = make_classification(n_samples=1000, n_features=5, n_informative=2, n_redundant=1, random_state=1)
print("x0,x1,x2,x3,x4,y")
for row, label in zip(X, y):
    print(",".join("%.10g" % v for v in row) + ",%d" % label)
