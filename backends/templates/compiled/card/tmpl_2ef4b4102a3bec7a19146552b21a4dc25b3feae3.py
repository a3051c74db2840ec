from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'card.txt.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_card = resolve('card')
    l_0_width = resolve('width')
    try:
        t_1 = environment.filters['lap_lines']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'lap_lines' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['split_text']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'split_text' found.")
    try:
        t_4 = environment.filters['spread']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'spread' found.")
    try:
        t_5 = environment.filters['tick_lines']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'tick_lines' found.")
    pass
    yield str(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'name'))
    yield '\n'
    if environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'profile'):
        pass
        yield str(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'profile'))
        yield '\n'
    yield str(('═' * (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\n'
    l_1_loop = missing
    for l_1_block, l_1_loop in LoopContext(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'blocks'), undefined):
        _loop_vars = {}
        pass
        if ((not environment.getattr(l_1_loop, 'first')) and (not (environment.getattr(l_1_block, 'single') and environment.getattr(environment.getattr(l_1_loop, 'previtem'), 'single')))):
            pass
            yield '\n'
        if environment.getattr(l_1_block, 'lead'):
            pass
            yield '('
            yield str(environment.getattr(l_1_block, 'lead'))
            yield ')\n'
        yield str(t_4(environment.getattr(l_1_block, 'headline'), environment.getattr(l_1_block, 'pace'), (undefined(name='width') if l_0_width is missing else l_0_width)))
        yield '\n'
        if environment.getattr(l_1_block, 'note'):
            pass
            yield '  “'
            yield str(environment.getattr(l_1_block, 'note'))
            yield '”\n'
        for l_2_rep in environment.getattr(l_1_block, 'reps'):
            _loop_vars = {}
            pass
            if t_3(l_2_rep, (t_2(environment.getattr(l_1_block, 'ticks')) > 0)):
                pass
                yield '  '
                yield str(t_3(l_2_rep, (t_2(environment.getattr(l_1_block, 'ticks')) > 0)))
                yield '\n'
            for l_3_line in t_1(l_2_rep, ((undefined(name='width') if l_0_width is missing else l_0_width) - 4)):
                _loop_vars = {}
                pass
                yield '  '
                yield str(('  ' if environment.getattr(l_2_rep, 'phrase') else ''))
                yield str(l_3_line)
                yield '\n'
            l_3_line = missing
        l_2_rep = missing
        for l_2_recovery in environment.getattr(l_1_block, 'recoveries'):
            _loop_vars = {}
            pass
            yield '  '
            yield str(l_2_recovery)
            yield '\n'
        l_2_recovery = missing
        for l_2_line in t_5(environment.getattr(l_1_block, 'ticks'), ((undefined(name='width') if l_0_width is missing else l_0_width) - 2)):
            _loop_vars = {}
            pass
            yield '  '
            yield str(l_2_line)
            yield '\n'
        l_2_line = missing
    l_1_loop = l_1_block = missing
    yield str(('═' * (undefined(name='width') if l_0_width is missing else l_0_width)))
    yield '\nTotal '
    yield str(environment.getattr((undefined(name='card') if l_0_card is missing else l_0_card), 'totals'))
    yield '\n'

blocks = {}
debug_info = '3=43&4=45&5=47&7=49&8=52&9=55&12=58&13=61&15=63&16=65&17=68&19=70&20=73&21=76&23=78&24=82&27=87&28=91&30=94&31=98&34=102&35=104'