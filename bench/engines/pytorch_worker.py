# The PyTorch side of bench/engines/pytorch.ts: builds the bench's workloads in torch from the
# weights and data Node sends (the same bytes every engine gets), and times them by measure.ts's rules.
# Protocol: one JSON object per line on stdin, one JSON reply per line on stdout; errors are replies.

import base64
import json
import math
import sys
import time


def die_with_parent():
    # When the harness kills the Node process that owns this worker (a time box), the worker must
    # not go on computing beside the next engine's measurement: Linux's PR_SET_PDEATHSIG ends it too.
    try:
        import ctypes
        import signal
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the worker still ends at its next read, when stdin closes


die_with_parent()  # first: importing torch takes seconds

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as e:  # the engine reports this as "skipped", not as a failure
    print(json.dumps({'unavailable': f'{sys.executable} has no torch ({e}); apt-get install python3-torch'}), flush=True)
    sys.exit(0)


def tensor(blob, dtype, shape):
    # bytearray: frombuffer wants a writable buffer; clone: own the memory once the message is gone.
    return torch.frombuffer(bytearray(base64.b64decode(blob)), dtype=dtype).reshape(shape).clone()


def load(model, params):
    state = {p['name']: tensor(p['data'], torch.float32, p['shape']) for p in params}
    model.load_state_dict(state, strict=True)
    return model


class MlpOrCnn(nn.Module):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind
        if kind == 'mlp':
            self.fc1, self.fc2, self.fc3 = nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)
        else:
            self.conv1, self.conv2, self.fc = nn.Conv2d(1, 8, 3), nn.Conv2d(8, 16, 3), nn.Linear(400, 10)

    def forward(self, x):
        if self.kind == 'mlp':
            return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
        h = F.max_pool2d(F.relu(self.conv1(x)), 2)
        h = F.max_pool2d(F.relu(self.conv2(h)), 2)
        return self.fc(torch.flatten(h, 1))


class CharLSTM(nn.Module):
    # examples/char-lstm.ts: embedding → LSTM (batch first) → linear; the state carries over, detached.
    def __init__(self, vocab, embed, hidden):
        super().__init__()
        self.embed = nn.Embedding(vocab, embed)
        self.lstm = nn.LSTM(embed, hidden, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, x, state):
        out, (h, c) = self.lstm(self.embed(x), state)
        return self.head(out), (h.detach(), c.detach())


class Block(nn.Module):
    # gradschool's nn.TransformerBlock: x + attn(ln1(x)), then x + mlp(ln2(x)); mlp = Linear·GELU·Linear.
    def __init__(self, d, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x, mask):
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=mask, need_weights=False)
        x = x + a
        return x + self.mlp(self.ln2(x))


class TinyGPT(nn.Module):
    def __init__(self, vocab, context, d, layers, heads):
        super().__init__()
        self.tokens = nn.Embedding(vocab, d)
        self.positions = nn.Embedding(context, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab)

    def forward(self, x):
        length = x.shape[1]
        h = self.tokens(x) + self.positions(torch.arange(length))
        mask = torch.ones(length, length, dtype=torch.bool).triu(1)  # True: may not attend (a later position)
        for b in self.blocks:
            h = b(h, mask)
        return self.head(self.norm(h))


def build_train(m):
    kind, params = m['kind'], m['params']
    if kind in ('mlp', 'cnn'):
        model = load(MlpOrCnn(kind), params)
        x = tensor(m['x'], torch.float32, m['xShape'])
        y = tensor(m['labels'], torch.int32, [-1]).long()
        opt = torch.optim.SGD(model.parameters(), lr=m['lr'])

        def step():
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(x), y).backward()
            opt.step()

        def loss():
            with torch.no_grad():
                return F.cross_entropy(model(x), y).item()

        return step, loss

    s = m['seq']
    x = tensor(m['x'], torch.int32, m['shape']).long()
    y = tensor(m['y'], torch.int32, [-1]).long()
    if kind == 'lstm':
        model = load(CharLSTM(s['vocab'], s['embed'], s['hidden']), params)
        opt = torch.optim.Adam(model.parameters(), lr=s['lr'])
    else:
        model = load(TinyGPT(s['vocab'], s['context'], s['dim'], s['layers'], s['heads']), params)
        opt = torch.optim.AdamW(model.parameters(), lr=s['lr'], weight_decay=s['weightDecay'])
    carry = [None]

    def forward(state):
        if kind == 'lstm':
            logits, state = model(x, state)
            return logits, state
        return model(x), None

    def step():
        # fit()'s order: zero the gradients, forward, loss, backward, clip (beforeStep), update.
        opt.zero_grad(set_to_none=True)
        logits, carry[0] = forward(carry[0])
        F.cross_entropy(logits.reshape(-1, s['vocab']), y).backward()
        nn.utils.clip_grad_norm_(model.parameters(), s['clip'])
        opt.step()

    def loss():
        with torch.no_grad():
            logits, _ = forward(None)
            return F.cross_entropy(logits.reshape(-1, s['vocab']), y).item()

    return step, loss


def build_sgemm(m):
    n = m['n']
    a, b = tensor(m['a'], torch.float32, [n, n]), tensor(m['b'], torch.float32, [n, n])

    def step():
        with torch.no_grad():
            torch.matmul(a, b)

    return step, None


def blas_libraries():
    try:
        with open('/proc/self/maps') as f:
            return sorted({line.split()[-1] for line in f if 'libblas' in line or 'openblas' in line or 'blis' in line})
    except OSError:
        return None


def limit_blas_threads(n):
    # torch.set_num_threads does not reach a system OpenBLAS, which would use every core: tell it too.
    import ctypes
    for path in blas_libraries() or []:
        try:
            setter = getattr(ctypes.CDLL(path), 'openblas_set_num_threads', None)
        except OSError:
            continue
        if setter:
            setter(n)


def blas():
    # The BLAS library torch loaded (Debian's torch calls the system's libblas.so.3): the netlib
    # reference BLAS, Debian's default until libopenblas0 is installed, is many times slower.
    libs = blas_libraries()
    if libs is None:
        return 'unknown'
    if not libs:
        return 'none found'
    names = ', '.join('/'.join(p.split('/')[-2:]) for p in libs)
    reference = any(p.split('/')[-2] == 'blas' for p in libs)
    return names + (' (the netlib reference BLAS, 20-30x slower matmuls than OpenBLAS: apt-get install libopenblas0-pthread, '
                    'or point LD_LIBRARY_PATH at an unpacked openblas-pthread directory)' if reference else '')


def time_steps(step, reps):
    t0 = time.perf_counter()
    for _ in range(reps):
        step()
    return time.perf_counter() - t0


def measure(step, work, mode, budget):
    # measure.ts's rules, on Python's clock: warm-up, then samples of ≥ minSampleSeconds each.
    t_end = time.perf_counter() + budget
    steps, spent, last = 0, 0.0, 0.0
    while steps < mode['warmupSteps'] or spent < mode['warmupSeconds']:
        last = time_steps(step, 1)
        spent += last
        steps += 1
        if time.perf_counter() > t_end:
            raise RuntimeError(f'time box exceeded during warm-up: one step takes {last:.2f} s')
    reps = max(1, math.ceil(mode['minSampleSeconds'] / max(last, 1e-9)))
    expected = mode['samples'] * reps * last
    if time.perf_counter() + expected > t_end:
        raise RuntimeError(f'time box: one step takes {last:.2f} s (~{work / last:.3g}/s), '
                           f'{mode["samples"]} samples would need ~{expected:.0f} s more')
    return [reps * work / time_steps(step, reps) for _ in range(mode['samples'])]


def main():
    setups = {}
    for line in sys.stdin:
        m = json.loads(line)
        try:
            cmd = m['cmd']
            if cmd == 'init':
                torch.set_num_threads(m['threads'])
                limit_blas_threads(m['threads'])
                reply = {'threads': torch.get_num_threads(), 'version': torch.__version__, 'blas': blas()}
            elif cmd == 'sgemm':
                setups[m['id']] = build_sgemm(m)
                reply = {}
            elif cmd == 'train':
                setups[m['id']] = build_train(m)
                reply = {}
            elif cmd == 'step':
                setups[m['id']][0]()
                reply = {}
            elif cmd == 'loss':
                reply = {'loss': setups[m['id']][1]()}
            elif cmd == 'measure':
                reply = {'samples': measure(setups[m['id']][0], m['work'], m['mode'], m['budget'])}
            else:
                raise ValueError(f'unknown command {cmd!r}')
        except Exception as e:  # reported to Node as this workload's error
            reply = {'error': f'{type(e).__name__}: {e}'}
        print(json.dumps(reply), flush=True)


main()
