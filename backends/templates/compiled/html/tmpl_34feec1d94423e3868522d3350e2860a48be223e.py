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
        t_1 = environment.filters['num']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'num' found.")
    pass
    def macro(l_1_page, l_1_width, l_1_height, l_1_plot_top, l_1_plot_bottom, l_1_axis_width):
        t_2 = []
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
        t_2.extend((
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ',
            escape(t_1((l_1_width + l_1_axis_width))),
            ' ',
            escape(t_1(l_1_height)),
            '" role="img" aria-labelledby="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-chart-title" aria-describedby="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-steps">\n<title id="',
            escape(environment.getattr(l_1_page, 'anchor')),
            '-chart-title">Chart of ',
            escape(environment.getattr(l_1_page, 'name')),
            ': width is time, height is effort; the steps are in the table below</title>\n<g class="levels">\n',
        ))
        l_2_loop = missing
        for l_2_level, l_2_loop in LoopContext(environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'levels'), undefined):
            _loop_vars = {}
            pass
            if (not environment.getattr(l_2_loop, 'first')):
                pass
                t_2.extend((
                    '<line x1="0" x2="',
                    escape(t_1(l_1_width)),
                    '" y1="',
                    escape(t_1(environment.getattr(l_2_level, 'y'))),
                    '" y2="',
                    escape(t_1(environment.getattr(l_2_level, 'y'))),
                    '"/>\n',
                ))
            t_2.extend((
                '<text class="level-',
                escape(environment.getattr(l_2_level, 'zone')),
                '" x="',
                escape(t_1((l_1_width + 8))),
                '" y="',
                escape(t_1((environment.getattr(l_2_level, 'y') - 3))),
                '">',
                escape(environment.getattr(l_2_level, 'label')),
                '</text>\n',
            ))
        l_2_loop = l_2_level = missing
        t_2.append(
            '</g>\n<g class="axis">\n',
        )
        for l_2_tick in environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'ticks'):
            _loop_vars = {}
            pass
            t_2.extend((
                '<line x1="',
                escape(t_1(environment.getattr(l_2_tick, 'x'))),
                '" x2="',
                escape(t_1(environment.getattr(l_2_tick, 'x'))),
                '" y1="',
                escape(t_1(l_1_plot_top)),
                '" y2="',
                escape(t_1((l_1_plot_bottom + 4))),
                '"/>\n<text x="',
                escape(t_1(environment.getattr(l_2_tick, 'x'))),
                '" y="',
                escape(t_1((l_1_plot_bottom + 16))),
                '" text-anchor="',
                escape(environment.getattr(l_2_tick, 'anchor')),
                '">',
                escape(environment.getattr(l_2_tick, 'label')),
                '</text>\n',
            ))
        l_2_tick = missing
        t_2.extend((
            '<line class="baseline" x1="0" x2="',
            escape(t_1(l_1_width)),
            '" y1="',
            escape(t_1(l_1_plot_bottom)),
            '" y2="',
            escape(t_1(l_1_plot_bottom)),
            '"/>\n</g>\n<g class="brackets">\n',
        ))
        for l_2_bracket in environment.getattr((undefined(name='c') if l_1_c is missing else l_1_c), 'brackets'):
            _loop_vars = {}
            pass
            t_2.extend((
                '<path d="M',
                escape(t_1(environment.getattr(l_2_bracket, 'x1'))),
                ' 21V15H',
                escape(t_1(environment.getattr(l_2_bracket, 'x2'))),
                'V21"/>\n<text x="',
                escape(t_1(((environment.getattr(l_2_bracket, 'x1') + environment.getattr(l_2_bracket, 'x2')) / 2))),
                '" y="11" text-anchor="middle">',
                escape(environment.getattr(l_2_bracket, 'label')),
                '</text>\n',
            ))
        l_2_bracket = missing
        t_2.extend((
            '</g>\n<g class="bars">\n',
            escape(environment.getattr(l_1_page, 'bars')),
            '</g>\n</svg>\n',
        ))
        return concat(t_2)
    context.exported_vars.add('chart')
    context.vars['chart'] = l_0_chart = Macro(environment, macro, 'chart', ('page', 'width', 'height', 'plot_top', 'plot_bottom', 'axis_width'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '2=18&3=34&4=37&5=45&7=51&8=54&9=58&11=67&15=80&16=85&17=93&19=105&22=112&23=117&24=121&28=129'