"""Mistakes students make in lesson 02, each a whole answer with one slip, as a student would
write it.

A ``Value`` mutant is a complete class named ``Value``: its methods create new nodes with
``Value(...)``, so each class is defined inside its own function, where that name means the
class itself, exactly as in a notebook where it is the only ``Value``.
"""

from __future__ import annotations

import math

from autograder.mistakes import mistake
from autograder.reference.chain_rule import topological_order

# ------------------------------------------------------------ topological_order


@mistake("topological_order", "recursive")
def topological_order_recursive(root):
    order, visited = [], set()

    def build(node):
        if node not in visited:
            visited.add(node)
            for child in node._prev:
                build(child)
            order.append(node)

    build(root)
    return order


@mistake("topological_order", "no_visited_set")
def topological_order_no_visited_set(root):
    order = []

    def build(node):
        for child in node._prev:
            build(child)
        order.append(node)

    build(root)
    return order


@mistake("topological_order", "reversed_preorder")
def topological_order_reversed_preorder(root):
    order, visited, stack = [], set(), [root]
    while stack:
        node = stack.pop()
        if node not in visited:
            visited.add(node)
            order.append(node)
            stack.extend(node._prev)
    return order[::-1]


@mistake("topological_order", "root_first")
def topological_order_root_first(root):
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    return order[::-1]


# ------------------------------------------------------------------------ value


def _value_no_accumulation():
    @mistake("value", "no_accumulation")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad = out.grad
                other.grad = out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad = other.data * out.grad
                other.grad = self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad = exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad = out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad = (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad = (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_constant_not_wrapped():
    @mistake("value", "constant_not_wrapped")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_product_swapped():
    @mistake("value", "product_swapped")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += self.data * out.grad
                other.grad += other.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_power_no_exponent():
    @mistake("value", "power_no_exponent")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_power_wrong_exponent():
    @mistake("value", "power_wrong_exponent")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data**exponent * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_tanh_of_input():
    @mistake("value", "tanh_of_input")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - self.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_relu_wrong_side():
    @mistake("value", "relu_wrong_side")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data < 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_relu_uses_data():
    @mistake("value", "relu_uses_data")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_no_seed():
    @mistake("value", "no_seed")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_no_zeroing():
    @mistake("value", "no_zeroing")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_not_reversed():
    @mistake("value", "not_reversed")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order = topological_order(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in order:
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


def _value_recursive_sort():
    @mistake("value", "recursive_sort")
    class Value:
        def __init__(self, data, children=()):
            self.data = float(data)
            self.grad = 0.0
            self._prev = tuple(children)
            self._backward = lambda: None

        def __add__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data + other.data, (self, other))

            def _backward():
                self.grad += out.grad
                other.grad += out.grad

            out._backward = _backward
            return out

        def __mul__(self, other):
            other = other if isinstance(other, Value) else Value(other)
            out = Value(self.data * other.data, (self, other))

            def _backward():
                self.grad += other.data * out.grad
                other.grad += self.data * out.grad

            out._backward = _backward
            return out

        def __pow__(self, exponent):
            out = Value(self.data**exponent, (self,))

            def _backward():
                self.grad += exponent * self.data ** (exponent - 1) * out.grad

            out._backward = _backward
            return out

        def exp(self):
            out = Value(math.exp(self.data), (self,))

            def _backward():
                self.grad += out.data * out.grad

            out._backward = _backward
            return out

        def tanh(self):
            out = Value(math.tanh(self.data), (self,))

            def _backward():
                self.grad += (1 - out.data**2) * out.grad

            out._backward = _backward
            return out

        def relu(self):
            out = Value(max(self.data, 0.0), (self,))

            def _backward():
                self.grad += (self.data > 0) * out.grad

            out._backward = _backward
            return out

        def backward(self):
            order, visited = [], set()

            def build(node):
                if node not in visited:
                    visited.add(node)
                    for child in node._prev:
                        build(child)
                    order.append(node)

            build(self)
            for node in order:
                node.grad = 0.0
            self.grad = 1.0
            for node in reversed(order):
                node._backward()

        def __neg__(self):
            return -1 * self

        def __sub__(self, other):
            return self + (-other)

        def __rsub__(self, other):
            return other + (-self)

        def __truediv__(self, other):
            return self * other**-1

        def __rtruediv__(self, other):
            return other * self**-1

        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

    return Value


for _define in (
    _value_no_accumulation,
    _value_constant_not_wrapped,
    _value_product_swapped,
    _value_power_no_exponent,
    _value_power_wrong_exponent,
    _value_tanh_of_input,
    _value_relu_wrong_side,
    _value_relu_uses_data,
    _value_no_seed,
    _value_no_zeroing,
    _value_not_reversed,
    _value_recursive_sort,
):
    _define()
