from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html_chart.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_chart = missing
    try:
        t_1 = environment.filters['e']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'e' found.")
    try:
        t_2 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    pass
    def macro(l_1_page, l_1_width, l_1_height, l_1_plot_top, l_1_plot_bottom, l_1_axis_width):
        t_3 = []
        l_1_c = missing
        if l_1_page is missing:
            l_1_page = undefined("parameter 'page' was not provided", name='page')
        if l_1_width is missing:
            l_1_width = undefined("parameter 'width' was not provided", name='width')
        if l_1_height is missing:
            l_1_height = undefined("parameter 'height' was not provided", name='height')
        if l_1_plot_top is missing:
            l_1_plot_top = undefined("parameter 'plot_top' was not provided", name='plot_top')
        if l_1_plot_bottom is missing:
            l_1_plot_bottom = undefined("parameter 'plot_bottom' was not provided", name='plot_bottom')
        if l_1_axis_width is missing:
            l_1_axis_width = undefined("parameter 'axis_width' was not provided", name='axis_width')
        pass
        l_1_c = environment.getattr(l_1_page, 'chart')
        t_3.extend((
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ',
            escape(t_2((l_1_width + l_1_axis_width))),
            ' ',
            escape(t_2(l_1_height)),
            '" role="img" aria-labelledby="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-chart-title" aria-describedby="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-steps">\n<title id="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-chart-title">Chart of ',
            escape(environment.getattr(l_1_page, 'name')),
            ': width is time, height is effort; the steps are in the table below</title>\n',
        ))
        pass
        t_4 = context.eval_ctx.save()
        context.eval_ctx.autoescape = False
        t_3.append(
            '<g class="levels">\n',
        )
        l_3_loop = missing
        for l_3_level, l_3_loop in LoopContext(environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'levels'), undefined):
            _loop_vars = {}
            pass
            if (not environment.getattr(l_3_loop, 'first')):
                pass
                t_3.extend((
                    '<line x1="0" x2="',
                    str(t_2(l_1_width)),
                    '" y1="',
                    str(t_2(environment.getattr(l_3_level, 'y'))),
                    '" y2="',
                    str(t_2(environment.getattr(l_3_level, 'y'))),
                    '"/>\n',
                ))
            t_3.extend((
                '<text class="level-',
                str(t_1(environment.getattr(l_3_level, 'zone'))),
                '" x="',
                str(t_2((l_1_width + 8))),
                '" y="',
                str(t_2((environment.getattr(l_3_level, 'y') - 3))),
                '">',
                str(t_1(environment.getattr(l_3_level, 'label'))),
                '</text>\n',
            ))
        l_3_loop = l_3_level = missing
        t_3.append(
            '</g>\n<g class="axis">\n',
        )
        for l_3_tick in environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'ticks'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<line x1="',
                str(t_2(environment.getattr(l_3_tick, 'x'))),
                '" x2="',
                str(t_2(environment.getattr(l_3_tick, 'x'))),
                '" y1="',
                str(t_2(l_1_plot_top)),
                '" y2="',
                str(t_2((l_1_plot_bottom + 4))),
                '"/>\n<text x="',
                str(t_2(environment.getattr(l_3_tick, 'x'))),
                '" y="',
                str(t_2((l_1_plot_bottom + 16))),
                '" text-anchor="',
                str(t_1(environment.getattr(l_3_tick, 'anchor'))),
                '">',
                str(t_1(environment.getattr(l_3_tick, 'label'))),
                '</text>\n',
            ))
        l_3_tick = missing
        t_3.extend((
            '<line class="baseline" x1="0" x2="',
            str(t_2(l_1_width)),
            '" y1="',
            str(t_2(l_1_plot_bottom)),
            '" y2="',
            str(t_2(l_1_plot_bottom)),
            '"/>\n</g>\n<g class="brackets">\n',
        ))
        for l_3_bracket in environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'brackets'):
            _loop_vars = {}
            pass
            t_3.extend((
                '<path d="M',
                str(t_2(environment.getattr(l_3_bracket, 'x1'))),
                ' 21V15H',
                str(t_2(environment.getattr(l_3_bracket, 'x2'))),
                'V21"/>\n<text x="',
                str(t_2(((environment.getattr(l_3_bracket, 'x1') + environment.getattr(l_3_bracket, 'x2')) / 2))),
                '" y="11" text-anchor="middle">',
                str(t_1(environment.getattr(l_3_bracket, 'label'))),
                '</text>\n',
            ))
        l_3_bracket = missing
        t_3.append(
            '</g>\n',
        )
        context.eval_ctx.revert(t_4)
        t_3.extend((
            '<g class="bars">\n',
            escape(environment.getattr(l_1_page, 'bars')),
            '</g>\n</svg>\n',
        ))
        return concat(t_3)
    context.exported_vars.add('chart')
    context.vars['chart'] = l_0_chart = Macro(environment, macro, 'chart', ('page', 'width', 'height', 'plot_top', 'plot_bottom', 'axis_width'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=24&3=40&4=43&5=51&9=63&10=66&11=70&13=79&17=92&18=97&19=105&21=117&24=124&25=129&26=133&31=145'