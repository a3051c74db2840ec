from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html_workout.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_chart = l_0_workout = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    included_template = environment.get_template('html_chart.j2', 'html_workout.j2')._get_default_module(context)
    l_0_chart = getattr(included_template, 'chart', missing)
    if l_0_chart is missing:
        l_0_chart = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'html_workout.j2') does not export the requested name 'chart'", name='chart')
    context.vars['chart'] = l_0_chart
    context.exported_vars.discard('chart')
    def macro(l_1_page, l_1_level, l_1_zones, l_1_width, l_1_height, l_1_plot_top, l_1_plot_bottom, l_1_nominal_open, l_1_axis_width):
        t_2 = []
        if l_1_page is missing:
            l_1_page = undefined("parameter 'page' was not provided", name='page')
        if l_1_level is missing:
            l_1_level = undefined("parameter 'level' was not provided", name='level')
        if l_1_zones is missing:
            l_1_zones = undefined("parameter 'zones' was not provided", name='zones')
        if l_1_width is missing:
            l_1_width = undefined("parameter 'width' was not provided", name='width')
        if l_1_height is missing:
            l_1_height = undefined("parameter 'height' was not provided", name='height')
        if l_1_plot_top is missing:
            l_1_plot_top = undefined("parameter 'plot_top' was not provided", name='plot_top')
        if l_1_plot_bottom is missing:
            l_1_plot_bottom = undefined("parameter 'plot_bottom' was not provided", name='plot_bottom')
        if l_1_nominal_open is missing:
            l_1_nominal_open = undefined("parameter 'nominal_open' was not provided", name='nominal_open')
        if l_1_axis_width is missing:
            l_1_axis_width = undefined("parameter 'axis_width' was not provided", name='axis_width')
        pass
        t_2.extend((
            '<section class="workout" id="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '" aria-labelledby="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-name">\n<header>\n<h',
            escape(l_1_level),
            ' id="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-name">',
            escape(environment.getattr(l_1_page, 'name')),
            '</h',
            escape(l_1_level),
            '>\n',
        ))
        if environment.getattr(l_1_page, 'profile'):
            pass
            t_2.extend((
                '<p class="profile">',
                escape(environment.getattr(l_1_page, 'profile')),
                '</p>\n',
            ))
        t_2.extend((
            '<dl class="totals">\n<div><dt>Time</dt><dd>',
            escape(environment.getattr(l_1_page, 'total_time')),
            '</dd></div>\n<div><dt>Distance</dt><dd>',
            escape(environment.getattr(l_1_page, 'total_distance')),
            '</dd></div>\n',
        ))
        for (l_2_word, l_2_time) in environment.getattr(l_1_page, 'by_intensity'):
            _loop_vars = {}
            pass
            t_2.extend((
                '<div class="intensity"><dt>',
                escape(l_2_word),
                '</dt><dd>',
                escape(l_2_time),
                '</dd></div>\n',
            ))
        l_2_word = l_2_time = missing
        t_2.extend((
            '</dl>\n</header>\n<figure class="chart">\n',
            escape(context.call((undefined(name='chart') if l_0_chart is missing else l_0_chart), l_1_page, l_1_width, l_1_height, l_1_plot_top, l_1_plot_bottom, l_1_axis_width)),
            '\n<figcaption>\n<ul class="legend">\n',
        ))
        for (l_2_zone, l_2_word, l_2_time) in environment.getattr(l_1_page, 'by_zone'):
            _loop_vars = {}
            pass
            t_2.extend((
                '<li><span class="swatch zone-',
                escape(l_2_zone),
                '"></span>',
                escape(l_2_word),
                ' <span class="legend-time">',
                escape(l_2_time),
                '</span></li>\n',
            ))
        l_2_zone = l_2_word = l_2_time = missing
        t_2.append(
            '</ul>\n<p class="scale">Width is time',
        )
        if environment.getattr(environment.getattr(l_1_page, 'chart'), 'has_open'):
            pass
            t_2.extend((
                '; open steps (until you press lap) are drawn as ',
                escape(l_1_nominal_open),
            ))
        t_2.extend((
            '. Height is effort, from rec (recovery) through E, M, T and I to max.</p>\n</figcaption>\n</figure>\n<table class="steps" id="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-steps">\n<thead>\n<tr><th scope="col" class="count"><span class="visually-hidden">Block</span></th><th scope="col">Reps</th><th scope="col">Step</th><th scope="col">Target</th><th scope="col">Split</th>',
        ))
        if environment.getattr(l_1_page, 'has_notes'):
            pass
            t_2.append(
                '<th scope="col">Note</th>',
            )
        t_2.append(
            '</tr>\n</thead>\n',
        )
        l_2_loop = missing
        for l_2_block, l_2_loop in LoopContext(environment.getattr(l_1_page, 'blocks'), undefined):
            _loop_vars = {}
            pass
            t_2.append(
                '<tbody',
            )
            if environment.getattr(l_2_block, 'title'):
                pass
                t_2.extend((
                    ' title="',
                    escape(environment.getattr(l_2_block, 'title')),
                    '"',
                ))
            t_2.append(
                '>\n',
            )
            l_3_loop = missing
            for l_3_row, l_3_loop in LoopContext(environment.getattr(l_2_block, 'rows'), undefined):
                _loop_vars = {}
                pass
                t_2.append(
                    '<tr>\n',
                )
                if environment.getattr(l_3_loop, 'first'):
                    pass
                    t_2.extend((
                        '<th scope="rowgroup" class="count" rowspan="',
                        escape(t_1(environment.getattr(l_2_block, 'rows'))),
                        '">',
                        escape(environment.getattr(l_2_block, 'count')),
                        '</th>\n',
                    ))
                t_2.extend((
                    '<td class="which" data-label="Reps">',
                    escape(environment.getattr(l_3_row, 'which')),
                    '</td>\n<td class="what" data-label="Step"><span class="swatch zone-',
                    escape(environment.getattr(l_3_row, 'zone')),
                    '"></span>',
                ))
                if environment.getattr(l_3_row, 'is_open'):
                    pass
                    t_2.append(
                        '<span class="open-tag">open</span> ',
                    )
                t_2.extend((
                    escape(environment.getattr(l_3_row, 'what')),
                    '</td>\n<td class="target" data-label="Target">',
                    escape(environment.getattr(l_3_row, 'target')),
                ))
                if environment.getattr(l_3_row, 'pace_range'):
                    pass
                    t_2.extend((
                        ' <span class="range">',
                        escape(environment.getattr(l_3_row, 'pace_range')),
                        '</span>',
                    ))
                t_2.extend((
                    '</td>\n<td class="split" data-label="Split">',
                    escape(environment.getattr(l_3_row, 'split')),
                    '</td>\n',
                ))
                if environment.getattr(l_1_page, 'has_notes'):
                    pass
                    t_2.extend((
                        '<td class="note" data-label="Note">',
                        escape(environment.getattr(l_3_row, 'note')),
                        '</td>\n',
                    ))
                t_2.append(
                    '</tr>\n',
                )
            l_3_loop = l_3_row = missing
            if environment.getattr(l_2_block, 'ticks'):
                pass
                t_2.extend((
                    '<tr class="ticks"><td colspan="',
                    escape((5 if environment.getattr(l_1_page, 'has_notes') else 4)),
                    '">',
                ))
                l_3_loop = missing
                for l_3_line, l_3_loop in LoopContext(environment.getattr(l_2_block, 'ticks'), undefined):
                    _loop_vars = {}
                    pass
                    t_2.append(
                        '<span class="tick-row">',
                    )
                    l_4_loop = missing
                    for l_4_cell, l_4_loop in LoopContext(l_3_line, undefined):
                        _loop_vars = {}
                        pass
                        t_2.append(
                            '<span class="tick',
                        )
                        if environment.getattr(l_4_loop, 'first'):
                            pass
                            t_2.append(
                                ' tick-set',
                            )
                        t_2.extend((
                            '">',
                            escape(l_4_cell),
                            '</span>',
                        ))
                    l_4_loop = l_4_cell = missing
                    t_2.append(
                        '</span>',
                    )
                l_3_loop = l_3_line = missing
                t_2.append(
                    '</td></tr>\n',
                )
            t_2.append(
                '</tbody>\n',
            )
        l_2_loop = l_2_block = missing
        t_2.append(
            '</table>\n</section>\n',
        )
        return concat(t_2)
    context.exported_vars.add('workout')
    context.vars['workout'] = l_0_workout = Macro(environment, macro, 'workout', ('page', 'level', 'zones', 'width', 'height', 'plot_top', 'plot_bottom', 'nominal_open', 'axis_width'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=18&3=24&4=47&6=51&7=60&8=64&11=69&12=71&13=74&14=79&19=87&22=90&23=95&26=106&29=114&31=117&33=126&34=132&35=143&37=149&38=153&40=160&41=162&42=173&43=184&44=187&45=191&49=198&50=202'