from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'html_page.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_title = resolve('title')
    l_0_pages = resolve('pages')
    l_0_workout = missing
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    included_template = environment.get_template('html_workout.j2', 'html_page.j2')._get_default_module(context)
    l_0_workout = getattr(included_template, 'workout', missing)
    if l_0_workout is missing:
        l_0_workout = undefined(f"the template {included_template.__name__!r} (imported on line 2 in 'html_page.j2') does not export the requested name 'workout'", name='workout')
    context.vars['workout'] = l_0_workout
    context.exported_vars.discard('workout')
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="strides">\n<title>'
    yield escape((undefined(name='title') if l_0_title is missing else l_0_title))
    yield '</title>\n<style>\n'
    template = environment.get_template('html_style.j2', 'html_page.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'workout': l_0_workout}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '</style>\n</head>\n<body>\n'
    if (t_1((undefined(name='pages') if l_0_pages is missing else l_0_pages)) > 1):
        pass
        yield '<header class="page-head">\n<h1>'
        yield escape(t_1((undefined(name='pages') if l_0_pages is missing else l_0_pages)))
        yield ' workouts</h1>\n<nav class="toc" aria-label="Workouts">\n<ol>\n'
        for l_1_page in (undefined(name='pages') if l_0_pages is missing else l_0_pages):
            _loop_vars = {}
            pass
            yield '<li><a href="#'
            yield escape(environment.getattr(l_1_page, 'anchor'))
            yield '">'
            yield escape(environment.getattr(l_1_page, 'name'))
            yield '</a> <span class="toc-time">'
            yield escape(environment.getattr(l_1_page, 'total_time'))
            yield ' · '
            yield escape(environment.getattr(l_1_page, 'total_distance'))
            yield '</span></li>\n'
        l_1_page = missing
        yield '</ol>\n</nav>\n</header>\n'
    yield '<main>\n'
    t_2 = 1
    for l_1_page in (undefined(name='pages') if l_0_pages is missing else l_0_pages):
        l_1_zones = resolve('zones')
        l_1_chart_width = resolve('chart_width')
        l_1_chart_height = resolve('chart_height')
        l_1_plot_top = resolve('plot_top')
        l_1_plot_bottom = resolve('plot_bottom')
        l_1_nominal_open = resolve('nominal_open')
        l_1_axis_width = resolve('axis_width')
        _loop_vars = {}
        pass
        yield escape(context.call((undefined(name='workout') if l_0_workout is missing else l_0_workout), l_1_page, (2 if (t_1((undefined(name='pages') if l_0_pages is missing else l_0_pages)) > 1) else 1), (undefined(name='zones') if l_1_zones is missing else l_1_zones), (undefined(name='chart_width') if l_1_chart_width is missing else l_1_chart_width), (undefined(name='chart_height') if l_1_chart_height is missing else l_1_chart_height), (undefined(name='plot_top') if l_1_plot_top is missing else l_1_plot_top), (undefined(name='plot_bottom') if l_1_plot_bottom is missing else l_1_plot_bottom), (undefined(name='nominal_open') if l_1_nominal_open is missing else l_1_nominal_open), (undefined(name='axis_width') if l_1_axis_width is missing else l_1_axis_width), _loop_vars=_loop_vars))
        yield '\n'
        t_2 = 0
    l_1_page = l_1_zones = l_1_chart_width = l_1_chart_height = l_1_plot_top = l_1_plot_bottom = l_1_nominal_open = l_1_axis_width = missing
    if t_2:
        pass
        yield '<p class="empty">No workouts.</p>\n'
    yield '</main>\n</body>\n</html>\n'

blocks = {}
debug_info = '2=20&9=27&11=29&15=36&17=39&20=41&21=45&28=57&29=67'